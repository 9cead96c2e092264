// The acceptance flow with real clients: mosquitto_pub → mqtt-in → function →
// mqtt-out → mosquitto_sub, through the built-in broker and through an external Mosquitto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestNode } from '../helpers/flows.ts';
import { mosquittoSub, mqttClient, mqttFlows, probe, runTool, startBuiltin, startMosquitto, startPool, subscriptions, waitUntil } from '../helpers/mqtt.ts';

/** mqtt-in(in) → function (n + 1) → mqtt-out(out), at one QoS; `probe` wires mqtt-in to a sink too. */
function transformFlow(qos: 0 | 1): TestNode[] {
  return [
    { id: 'in', type: 'mqtt-in', config: { topic: 'in', qos, parse: 'auto' }, wires: [['add', 'seen']] },
    { id: 'add', type: 'function', config: { code: 'msg.payload.n += 1;\nreturn msg;' }, wires: [['out']] },
    { id: 'out', type: 'mqtt-out', config: { topic: 'out', qos, retain: false } },
    { id: 'seen', type: 'test-sink' },
  ];
}

for (const qos of [0, 1] as const) {
  test(`built-in broker, QoS ${qos}: mosquitto_pub → mqtt-in → function → mqtt-out → mosquitto_sub`, async (t) => {
    const broker = await startBuiltin(t);
    const pool = startPool(t, { builtin: broker });
    const flows = await mqttFlows(t, pool, transformFlow(qos));
    await subscriptions(broker, 1);
    assert.equal(broker.stats().clientsConnected, 0, 'the nodes use no network connection');
    const port = String(broker.ports.tcp);
    const { output } = await mosquittoSub(broker.ports.tcp, ['-t', 'out', '-q', String(qos), '-C', '1', '-v'], () => subscriptions(broker, 2));
    assert.equal(broker.stats().clientsConnected, 1, 'mosquitto_sub is the only client');
    await runTool('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', 'in', '-m', '{"n":1}', '-q', String(qos)]);
    assert.equal((await output).trim(), 'out {"n":2}');
    const [seen] = await flows.waitFor('seen', 1);
    assert.equal(seen!.qos, qos);
  });
}

test('--broker-url: the same flow against an external Mosquitto, nodes without a broker config node', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, { brokerUrl: mosquitto.url });
  const flows = await mqttFlows(t, pool, transformFlow(1));
  const client = await mqttClient(t, mosquitto.url);
  await client.subscribeAsync('out', { qos: 1 });
  const received: string[] = [];
  client.on('message', (topic, payload) => received.push(payload.toString()));
  // mqtt-in's subscription is made once the pool's connection is up: wait until it holds
  await probe(client, 'in', () => flows.received('seen').length > 0);
  await runTool('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '-t', 'in', '-m', '{"n":41}', '-q', '1']);
  await waitUntil(() => received.includes('{"n":42}'), 3000, 'the transformed message on out');
});
