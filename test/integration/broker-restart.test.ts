import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, connectAsync } from 'mqtt';
import { startServer } from '../helpers/server.ts';

test('retained messages and QoS 1 messages queued for an offline session survive a Patchbay restart', async (t) => {
  const first = await startServer(t, { broker: true });
  const sleeper = await connectAsync(first.mqttUrl!, { clientId: 'sleepy-sensor', clean: false, reconnectPeriod: 0 });
  await sleeper.subscribeAsync('house/commands/#', { qos: 1 });
  await sleeper.endAsync();
  const publisher = await connectAsync(first.mqttUrl!, { reconnectPeriod: 0 });
  await publisher.publishAsync('house/state', 'armed', { qos: 1, retain: true });
  await publisher.publishAsync('house/commands/lock', 'close', { qos: 1 });
  await publisher.endAsync();
  await first.close();

  const second = await startServer(t, { broker: true, dataDir: first.dataDir });
  // Listen before connecting: the queued message may arrive with the CONNACK.
  const woken = connect(second.mqttUrl!, { clientId: 'sleepy-sensor', clean: false, reconnectPeriod: 0 });
  t.after(() => woken.endAsync(true));
  const queued = new Promise<[string, string]>((resolve) => woken.on('message', (topic, payload) => resolve([topic, payload.toString()])));
  assert.deepEqual(await queued, ['house/commands/lock', 'close']);
  const reader = await connectAsync(second.mqttUrl!, { reconnectPeriod: 0 });
  t.after(() => reader.endAsync(true));
  const retained = new Promise<[string, boolean]>((resolve) => reader.on('message', (_t, payload, packet) => resolve([payload.toString(), packet.retain])));
  await reader.subscribeAsync('house/state');
  assert.deepEqual(await retained, ['armed', true]);
});
