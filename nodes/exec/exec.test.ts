import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';
import { execProcesses } from '../../test/helpers/host.ts';
import { startNode } from '../../test/helpers/node-test.ts';

const enabled = { capabilities: { exec: () => execProcesses(true) } };

test('exec mode: stdout, stderr and the return code on three outputs; the payload is appended', async (t) => {
  const flows = await startNode(t, 'exec', { command: 'echo', append: '&& echo oops >&2' }, { ...enabled, outputs: 3 });
  flows.send('n', { payload: 'hello' });
  const [[out], [err], [rc]] = await Promise.all([flows.waitFor('out0'), flows.waitFor('out1'), flows.waitFor('out2')]);
  assert.equal(out!.payload, 'hello\n');
  assert.deepEqual(out!.rc, { code: 0 });
  assert.equal(err!.payload, 'oops\n');
  assert.deepEqual(rc!.payload, { code: 0 });
});

test('a failing command sends its code on the third output', async (t) => {
  const flows = await startNode(t, 'exec', { command: 'exit 3', addpay: '' }, { ...enabled, outputs: 3 });
  flows.send('n', {});
  const [rc] = await flows.waitFor('out2');
  assert.equal((rc!.payload as { code: number }).code, 3);
});

test('spawn mode: output as it comes, then the code', async (t) => {
  const flows = await startNode(t, 'exec', { command: 'printf a', addpay: '', useSpawn: true }, { ...enabled, outputs: 3 });
  flows.send('n', {});
  const [[out], [rc]] = await Promise.all([flows.waitFor('out0'), flows.waitFor('out2')]);
  assert.equal(out!.payload, 'a');
  assert.deepEqual(rc!.payload, { code: 0 });
});

test('off unless the settings allow it: each message is an EXEC_DISABLED error', async (t) => {
  const flows = await runFlows([
    { id: 'n', type: 'exec', config: { command: 'echo hi' }, wires: [['s'], [], []] },
    { id: 's', type: 'test-sink' },
    { id: 'c', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ], { capabilities: { exec: () => execProcesses(false) } });
  t.after(() => flows.stop());
  flows.send('n', { payload: 'x' });
  const [caught] = await flows.waitFor('caught');
  assert.match((caught!.error as { message: string }).message, /exec is turned off/);
  assert.equal(flows.received('s').length, 0);
});
