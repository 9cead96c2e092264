import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatchbayError } from '../../../server/errors.ts';
import { runFlows } from '../../helpers/flows.ts';
import { capturingLog } from '../../helpers/log.ts';
import { starts } from '../../helpers/node-types/test-lifecycle/index.ts';

test('fan-out: the first wire gets the original, the others get deep clones', async (t) => {
  const flows = await runFlows([
    { id: 'relay', type: 'test-relay', wires: [['s1', 's2']] },
    { id: 's1', type: 'test-sink' },
    { id: 's2', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const original = { _msgid: 'm1', payload: { n: 1 }, data: Buffer.from('hi') };
  flows.runtime.deliver('relay', original);
  const [[a], [b]] = await Promise.all([flows.waitFor('s1'), flows.waitFor('s2')]);
  assert.equal(a, original);
  assert.notEqual(b, original);
  assert.notEqual(b!.payload, original.payload);
  assert.deepEqual(b, original);
  assert.ok(Buffer.isBuffer(b!.data), 'Buffers stay Buffers when cloned');
});

test('a message loop is delivered asynchronously and cannot overflow the stack', async (t) => {
  const flows = await runFlows([
    { id: 'loop', type: 'test-relay', wires: [['loop'], ['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  let ticked = false;
  setTimeout(() => { ticked = true; }, 0);
  flows.send('loop', { payload: 'x', ttl: 200_000 });
  const [msg] = await flows.waitFor('out', 1, 20_000);
  assert.equal(msg!.ttl, 0);
  assert.ok(ticked, 'timers ran while the loop was going: delivery yields to the event loop');
});

test('send assigns _msgid and keeps an existing one', async (t) => {
  const flows = await runFlows([
    { id: 'relay', type: 'test-relay', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('relay', { _msgid: 'keep-me', payload: 1 });
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!._msgid, 'keep-me');
});

test('a throwing handler is reported to the log and the flow keeps running', async (t) => {
  const flows = await runFlows([
    { id: 'bad', type: 'test-throw' },
    { id: 'relay', type: 'test-relay', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('bad', { payload: 'boom' });
  const log = await flows.waitForEvent('log', (e) => e.node === 'bad');
  assert.equal(log.level, 'error');
  assert.equal(log.message, 'boom');
  flows.send('relay', { payload: 'still here' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'still here');
});

test('an invalid document is rejected whole with every error, and the running flows stay', async (t) => {
  const flows = await runFlows([
    { id: 'relay', type: 'test-relay', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const runningRev = flows.runtime.rev;
  await assert.rejects(
    flows.redeploy([
      { id: 'relay', type: 'test-relay', wires: [['nowhere']] },
      { id: 'mystery', type: 'no-such-type' },
      { id: 'life', type: 'test-lifecycle', config: { failOnStart: 'yes' } },
    ]),
    (err: Error & { details?: Array<{ node: string; path: string }> }) => {
      assert.deepEqual(err.details!.map((e) => `${e.node} ${e.path}`).sort(), [
        'life /config/failOnStart', 'relay /wires/0/0',
      ]);
      return true;
    },
  );
  assert.equal(flows.runtime.rev, runningRev);
  flows.send('relay', { payload: 'after' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'after');
});

test('a duplicate id (of a node, of a node of a missing type, or of a flow) is refused; a wire may end at a node of a missing type', async (t) => {
  const flows = await runFlows([{ id: 'out', type: 'test-sink' }]);
  t.after(() => flows.stop());
  await assert.rejects(
    flows.redeploy([
      { id: 'relay', type: 'test-relay', wires: [['ghost', 'out']] },
      { id: 'ghost', type: 'no-such-type' },
      { id: 'ghost', type: 'test-sink' },
      { id: 'out', type: 'test-sink' },
      { id: 'out', type: 'test-sink' },
      { id: 'f1', type: 'test-sink' },
    ]),
    (err: Error & { details?: Array<{ node: string; path: string; message: string }> }) => {
      assert.deepEqual(err.details!.map((e) => `${e.node} ${e.path} ${e.message}`), [
        'ghost /id Duplicate id "ghost"', 'out /id Duplicate id "out"', 'f1 /id Duplicate id "f1"',
      ]);
      return true;
    },
  );
  await flows.redeploy([{ id: 'relay', type: 'test-relay', wires: [['ghost', 'out']] }, { id: 'ghost', type: 'no-such-type' }, { id: 'out', type: 'test-sink' }]);
  flows.send('relay', { payload: 'past the missing node' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'past the missing node');
});

test('a node that fails to start rolls the deploy back to the previous nodes', async (t) => {
  const flows = await runFlows([{ id: 'life', type: 'test-lifecycle', config: { label: 'v1' } }]);
  t.after(() => flows.stop());
  const rev = flows.runtime.rev;
  await assert.rejects(
    flows.redeploy([{ id: 'life', type: 'test-lifecycle', config: { label: 'v2', failOnStart: true } }]),
    (err: Error & { details?: Array<{ node: string; path: string; message: string }> }) => {
      assert.deepEqual(err.details, [{ node: 'life', path: '/config/failOnStart', message: 'refusing to start' }]);
      return true;
    },
  );
  assert.equal(flows.runtime.rev, rev);
  assert.deepEqual(starts.slice(-2), ['life:v1', 'life:v1'], 'the old node was started again');
});

test('a rollback that cannot restart a previous node is logged with its code and listed in the refused deploy', async (t) => {
  const logged: Array<Record<string, unknown>> = [];
  const flows = await runFlows([{ id: 'once', type: 'test-lifecycle', config: { label: 'v1', failOnRestart: true } }], { log: capturingLog(logged) });
  t.after(() => flows.stop());
  await assert.rejects(
    flows.redeploy([{ id: 'once', type: 'test-lifecycle', config: { label: 'v2', failOnStart: true } }]),
    (err: PatchbayError) => {
      assert.equal(err.code, 'FLOWS_INVALID');
      assert.deepEqual(err.incidents.map((i) => [i.code, i.node]), [['FLOWS_ROLLBACK_FAILED', 'once']]);
      assert.match(err.incidents[0]!.message, /node once of the previous flows could not be started again: cannot start again/);
      return true;
    },
  );
  assert.ok(logged.some((line) => line.code === 'FLOWS_ROLLBACK_FAILED' && line.nodeId === 'once'), 'the log names the code and the node');
});

test('a redeploy restarts only changed nodes', async (t) => {
  const base = [
    { id: 'a', type: 'test-lifecycle', config: { label: 'a' } },
    { id: 'b', type: 'test-lifecycle', config: { label: 'b' } },
  ];
  const flows = await runFlows(base);
  t.after(() => flows.stop());
  const before = starts.length;
  await flows.redeploy([{ ...base[0]!, x: 500, name: 'moved' }, { ...base[1]!, config: { label: 'b2' } }]);
  assert.deepEqual(starts.slice(before), ['b:b2']);
});

test('a node that never finishes closing does not block the deploy past the deadline', async (t) => {
  const flows = await runFlows([{ id: 'stuck', type: 'test-lifecycle', config: { hangOnClose: true } }]);
  t.after(() => flows.stop());
  const started = Date.now();
  await flows.redeploy([{ id: 'other', type: 'test-lifecycle' }]);
  const took = Date.now() - started;
  assert.ok(took >= 1900 && took < 5000, `deploy moved on after the 2 s close deadline (took ${took} ms)`);
});

test('${ENV} in string config is substituted at deploy', async (t) => {
  const flows = await runFlows([{ id: 'life', type: 'test-lifecycle', config: { label: 'room-${ROOM}-$${KEEP}' } }], { env: { ROOM: 'hall' } });
  t.after(() => flows.stop());
  assert.equal(starts.at(-1), 'life:room-hall-${KEEP}');
});

test('disabled nodes and nodes of disabled flows do not run', async (t) => {
  const flows = await runFlows([
    { id: 'relay', type: 'test-relay', wires: [['out']] },
    { id: 'off', type: 'test-relay', disabled: true },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  assert.throws(() => flows.send('off', { payload: 1 }), /No deployed node/);
});

test('nodes see Node-RED\'s built-in environment variables', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', name: 'Lamp', config: { code: 'msg.payload = [env.get("NR_NODE_ID"), env.get("NR_NODE_NAME"), env.get("NR_FLOW_ID"), env.get("NR_FLOW_NAME"), env.get("HOME_ZONE")]; return msg;' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ], { env: { HOME_ZONE: 'hall' } });
  t.after(() => flows.stop());
  flows.send('fn', { payload: null });
  const [msg] = await flows.waitFor('out');
  assert.deepEqual([...(msg!.payload as string[])], ['fn', 'Lamp', 'f1', 'f1', 'hall']); // copied out of the function's vm realm
});

test('a node with nothing wired out (mqtt out) takes the next message while the last one is still in progress', async (t) => {
  // An async function node whose output is not wired, like mqtt out waiting for the broker.
  const code = 'global.set("started", (global.get("started") || 0) + 1); await new Promise((r) => setTimeout(r, 20)); return msg;';
  const flows = await runFlows([{ id: 'busy', type: 'function', config: { code } }]);
  t.after(() => flows.stop());
  for (let i = 0; i < 3; i++) flows.send('busy', { payload: i });
  // the router's turn was scheduled first, so it runs before this callback in the same loop turn
  const startedInOneTurn = await new Promise((resolve) => setImmediate(() => resolve(flows.context('global').get('started'))));
  assert.equal(startedInOneTurn, 3, 'every message started in one turn of the event loop, not one turn each');
});
