import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectAsync } from 'mqtt';
import { nextEvent, startServer } from '../helpers/server.ts';
import type { BrokerMessagesEvent, FlowDocument } from '../../server/api/contract.ts';

const flows = (nodes: FlowDocument['nodes']): FlowDocument => ({ format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'F' }], nodes });

test('an editor that connects later gets the current node statuses', async (t) => {
  const { api, editorSocket } = await startServer(t);
  const doc = flows([
    { id: 'in', type: 'inject', flow: 'f1', config: { payload: { type: 'str', value: 'x' } }, wires: [['show']] },
    { id: 'show', type: 'debug', flow: 'f1', config: { status: true }, wires: [] },
  ]);
  await api('/api/flows', { method: 'PUT', body: doc });
  const first = await editorSocket();
  const status = nextEvent(first, 'status', (e) => e.node === 'show' && e.text !== undefined);
  await api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await status).text, 'x');
  let onConnect: Promise<{ text?: string }> | undefined;
  await editorSocket((late) => { onConnect = nextEvent(late, 'status', (e) => e.node === 'show'); });
  assert.equal((await onConnect!).text, 'x');
});

test('a flood of debug messages is capped per second and the drop is reported', async (t) => {
  const { api, editorSocket } = await startServer(t);
  const doc = flows([
    { id: 'in', type: 'inject', flow: 'f1', config: {}, wires: [['burst']] },
    { id: 'burst', type: 'function', flow: 'f1', config: { code: 'for (let i = 0; i < 2000; i++) node.send({ payload: i }); return null;' }, wires: [['show']] },
    { id: 'show', type: 'debug', flow: 'f1', config: {}, wires: [] },
  ]);
  await api('/api/flows', { method: 'PUT', body: doc });
  const socket = await editorSocket();
  let received = 0;
  socket.on('debug', () => { received++; });
  const warning = nextEvent(socket, 'log', (e) => /debug messages not shown/.test(e.message), 3000);
  await api('/api/nodes/in/trigger', { method: 'POST' });
  assert.match((await warning).message, /^1500 debug messages not shown/);
  assert.equal(received, 500);
});

test('the topic explorer feed shows broker messages, latest per topic, and can be stopped', async (t) => {
  const { editorSocket, mqttUrl, api } = await startServer(t, { broker: true });
  assert.ok(mqttUrl);
  const client = await connectAsync(mqttUrl!, { reconnectPeriod: 0 });
  t.after(() => client.endAsync(true));
  await client.publishAsync('home/hall/temp', '20.5', { retain: true, qos: 1 });
  const socket = await editorSocket();
  const bad = await socket.emitWithAck('broker:watch', { filter: 'home/#/x' });
  assert.equal(bad.ok, false);
  const batch = new Promise<BrokerMessagesEvent>((resolve) => socket.once('broker:messages', resolve));
  assert.deepEqual(await socket.emitWithAck('broker:watch', { filter: 'home/#' }), { ok: true });
  const retained = await batch;
  assert.deepEqual(retained.messages.map((m) => [m.topic, m.payload, m.retain]), [['home/hall/temp', '20.5', true]]);

  // Each light message is either shown (at most one entry per topic per batch, in publish
  // order) or counted as skipped, and the latest one is shown.
  const shown: string[] = [];
  let skipped = 0;
  let mostPerBatch = 0;
  const sawLatest = new Promise<void>((resolve) => socket.on('broker:messages', (e) => {
    const light = e.messages.filter((m) => m.topic === 'home/hall/light');
    mostPerBatch = Math.max(mostPerBatch, light.length);
    shown.push(...light.map((m) => m.payload));
    skipped += e.skipped;
    if (light.some((m) => m.payload === 'v49')) resolve();
  }));
  for (let i = 0; i < 50; i++) client.publish('home/hall/light', `v${i}`);
  await sawLatest;
  assert.equal(mostPerBatch, 1, 'one entry per topic per batch');
  assert.equal(shown.at(-1), 'v49', 'the latest value is shown');
  assert.deepEqual(shown, [...shown].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))), 'in publish order');
  assert.equal(shown.length + skipped, 50, 'every message is shown or counted as skipped');

  const published = await api('/api/broker/publish', { method: 'POST', body: { topic: 'home/test', payload: 'from editor' } });
  assert.equal(published.status, 200);
  const stats = await api('/api/broker');
  assert.equal(stats.body.enabled, true);
  assert.ok(stats.body.urls.includes(mqttUrl));
  assert.ok(stats.body.stats.clientsConnected >= 1);
  const v5 = await connectAsync(mqttUrl, { clientId: 'rest-v5', protocolVersion: 5, reconnectPeriod: 0 });
  t.after(() => v5.endAsync(true));
  const listed = (await api('/api/broker')).body.stats.clients as Array<{ clientId: string; protocolVersion: number; protocol: string }>;
  const mine = listed.find((c) => c.clientId === 'rest-v5');
  assert.deepEqual([mine?.protocolVersion, mine?.protocol], [5, 'MQTT 5'], 'GET /api/broker lists each client with its protocol version');
  assert.ok(listed.some((c) => c.protocolVersion === 4 && c.protocol === 'MQTT 3.1.1'), 'the 3.1.1 client of this test');
  const badTopic = await api('/api/broker/publish', { method: 'POST', body: { topic: 'home/#', payload: 'x' } });
  assert.equal(badTopic.status, 400);
  const text = await api('/api/broker/publish', { method: 'POST', body: 'topic=home/test', headers: { 'content-type': 'text/plain' } });
  assert.deepEqual([text.status, text.body.code], [415, 'HTTP_BODY_UNSUPPORTED']);
  const list = await api('/api/broker/publish', { method: 'POST', body: [{ topic: 'home/test' }] });
  assert.deepEqual([list.status, list.body.code], [400, 'HTTP_BODY_INVALID']);
  assert.deepEqual(await socket.emitWithAck('broker:unwatch'), { ok: true });
});

test('junk on the editor socket gets an error acknowledgement or is ignored, and leaves no subscription behind', async (t) => {
  const { editorSocket, api } = await startServer(t, { broker: true });
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => { rejections.push(reason); };
  process.on('unhandledRejection', onRejection);
  t.after(() => { process.off('unhandledRejection', onRejection); });
  const subscriptions = async () => (await api('/api/broker')).body.stats.subscriptions as number;
  const before = await subscriptions();

  const socket = await editorSocket();
  const raw = socket as unknown as { emit(event: string, ...args: unknown[]): void };
  raw.emit('broker:watch', { filter: 'no/ack/#' });
  raw.emit('broker:watch', 'x', 'not a callback');
  raw.emit('broker:unwatch', 'junk');
  raw.emit('broker:unwatch');
  raw.emit('no-such-event', { a: 1 });
  raw.emit('debug', { node: 'spoofed' });
  const notText = await socket.emitWithAck('broker:watch', { filter: { $ne: 1 } as unknown as string });
  assert.deepEqual(notText, { ok: false, code: 'BROKER_WATCH_INVALID', error: 'Cannot watch that filter: filter must be a string' });
  // Watches sent back to back, without waiting: each replaces the one before.
  const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => socket.emitWithAck('broker:watch', { filter: `t${i}/#` })));
  assert.ok(acks.every((a) => a.ok));
  assert.equal(await subscriptions(), before + 1, 'one watch per editor');
  socket.close();
  const deadline = Date.now() + 2000;
  while ((await subscriptions()) !== before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await subscriptions(), before, 'the watch ended with the editor');
  assert.deepEqual(rejections, []);
});
