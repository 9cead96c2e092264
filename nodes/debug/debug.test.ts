import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFlows, silentLog } from '../../test/helpers/flows.ts';
import { statusFor } from './status.ts';

async function debugFlow(t: { after(fn: () => unknown): void }, config: Record<string, unknown>) {
  const flows = await runFlows([{ id: 'dbg', type: 'debug', name: 'Watch', config }]);
  t.after(() => flows.stop());
  return flows;
}

test('by default the whole message goes to the sidebar', async (t) => {
  const flows = await debugFlow(t, {});
  flows.send('dbg', { _msgid: 'm1', payload: 'hello', topic: 't' });
  const event = await flows.waitForEvent('debug');
  assert.equal(event.node, 'dbg');
  assert.equal(event.flow, 'f1');
  assert.equal(event.name, 'Watch');
  assert.equal(event.property, '');
  assert.deepEqual(event.value, { _msgid: 'm1', payload: 'hello', topic: 't' });
});

test('a property path shows that property; a missing one shows undefined', async (t) => {
  const flows = await debugFlow(t, { property: 'payload.readings[1]' });
  flows.send('dbg', { payload: { readings: [20, 21.5] } });
  flows.send('dbg', { payload: 'no readings here' });
  await flows.waitForEvent('debug', (e) => e !== flows.events.debug[0]);
  assert.deepEqual(flows.events.debug.map((e) => [e.property, e.value]), [
    ['payload.readings[1]', 21.5],
    ['payload.readings[1]', { __pb: 'undefined' }],
  ]);
});

test('values JSON cannot carry are encoded by the runtime', async (t) => {
  const flows = await debugFlow(t, { property: 'payload' });
  flows.send('dbg', { payload: Buffer.from([1, 2]) });
  const event = await flows.waitForEvent('debug');
  assert.deepEqual(event.value, { __pb: 'buffer', hex: '0102', length: 2 });
});

test('inactive: nothing goes to the sidebar', async (t) => {
  const flows = await debugFlow(t, { active: false, status: true });
  flows.send('dbg', { payload: 'quiet' });
  await flows.waitForEvent('status', (e) => e.text === 'quiet');
  assert.equal(flows.events.debug.length, 0);
});

test('console: the value is written to the server log', async (t) => {
  const lines: string[] = [];
  const logger = { info: (m: string) => void lines.push(m), warn() {}, error() {}, child: () => logger };
  t.mock.method(silentLog, 'child', () => logger);
  const flows = await debugFlow(t, { property: 'payload', console: true, active: false });
  flows.send('dbg', { payload: 'to the log' });
  flows.send('dbg', { payload: { n: 1 } });
  for (let i = 0; i < 200 && lines.length < 2; i++) await sleep(5);
  assert.deepEqual(lines, ['to the log', '{ n: 1 }']);
});

test('status: shows the value under the node, only when it changes', async (t) => {
  const flows = await debugFlow(t, { property: 'payload', status: true });
  flows.send('dbg', { payload: 42 });
  flows.send('dbg', { payload: 42 });
  flows.send('dbg', { payload: 'x'.repeat(40) });
  await flows.waitForEvent('status', (e) => e.text?.startsWith('x') ?? false);
  assert.deepEqual(flows.events.status, [
    { node: 'dbg', fill: 'grey', shape: 'ring' },
    { node: 'dbg', fill: 'grey', shape: 'dot', text: '42' },
    { node: 'dbg', fill: 'grey', shape: 'dot', text: `${'x'.repeat(32)}...` },
  ]);
});

test('status with the whole message selected shows msg.payload', async (t) => {
  const flows = await debugFlow(t, { status: true });
  flows.send('dbg', { payload: { on: true } });
  const status = await flows.waitForEvent('status', (e) => e.text !== undefined);
  assert.equal(status.text, '{ on: true }');
});

test('status texts follow Node-RED: errors, status messages, status-like values', () => {
  assert.deepEqual(statusFor({ _msgid: 'a', error: { message: 'it broke' } }, 'x'), { fill: 'red', shape: 'dot', text: 'it broke' });
  assert.deepEqual(statusFor({ _msgid: 'a', status: { fill: 'green', text: 'up' } }, 'x'), { fill: 'green', shape: 'ring', text: 'up' });
  assert.deepEqual(statusFor({ _msgid: 'a' }, { fill: 'blue', shape: 'ring', text: 'custom' }), { fill: 'blue', shape: 'ring', text: 'custom' });
  assert.deepEqual(statusFor({ _msgid: 'a' }, { fill: 'purple', shape: 'star', text: 1 }), { fill: 'grey', shape: 'dot', text: '1' });
  assert.deepEqual(statusFor({ _msgid: 'a' }, undefined), { fill: 'grey', shape: 'dot', text: 'undefined' });
});

test('a status message about this very node is ignored (no status loop)', async (t) => {
  const flows = await debugFlow(t, { status: true });
  flows.send('dbg', { status: { text: 'mine', source: { id: 'dbg' } } });
  flows.send('dbg', { payload: 'after' });
  await flows.waitForEvent('debug');
  assert.equal(flows.events.debug.length, 1);
  assert.equal((flows.events.debug[0]!.value as { payload: string }).payload, 'after');
});

test('an invalid property path fails the deploy', async () => {
  await assert.rejects(runFlows([{ id: 'dbg', type: 'debug', config: { property: 'payload..x' } }]), (err: unknown) => {
    const { errors, details } = err as { errors?: unknown; details?: unknown };
    assert.deepEqual((errors ?? details) as unknown[], [{ node: 'dbg', path: '/config/property', message: 'Invalid property path "payload..x"' }]);
    return true;
  });
});

test('the message topic comes with the value; the editor switch turns the sidebar output off and on at once', async (t) => {
  const flows = await debugFlow(t, { property: 'payload', status: true });
  flows.send('dbg', { payload: 1, topic: 'room/temp' });
  assert.equal((await flows.waitForEvent('debug')).topic, 'room/temp');
  await flows.runtime.trigger('dbg', { active: false });
  flows.send('dbg', { payload: 2 });
  await flows.waitForEvent('status', (e) => e.text === '2');
  await flows.runtime.trigger('dbg', { active: true });
  flows.send('dbg', { payload: 3 });
  await flows.waitForEvent('debug', (e) => e.value === 3);
  assert.deepEqual(flows.events.debug.map((e) => e.value), [1, 3], 'the message sent while off was not shown');
});
