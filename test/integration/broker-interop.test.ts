// Home Assistant (MQTT 5) and Zigbee2MQTT (MQTT 3.1.1) on the built-in broker at the same time,
// connecting and talking the way those programs do: birth and will messages on their status
// topics, retained discovery and state, commands one way and state the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MqttClient } from 'mqtt';
import { connectClient, nextMessage, startTestBroker, within } from '../helpers/broker.ts';

const DISCOVERY = 'homeassistant/light/0x00158d0001a2b3c4/light/config';

/** Waits for the message on `topic` whose payload is `payload`. */
async function expect(client: MqttClient, topic: string, payload: string): Promise<{ retain: boolean }> {
  for (;;) {
    const got = await nextMessage(client, topic);
    if (got.payload.toString() === payload) return { retain: got.packet.retain };
  }
}

test('a Home Assistant-style MQTT 5 client and a Zigbee2MQTT-style 3.1.1 client work together through the broker', async (t) => {
  const { url, broker } = await startTestBroker(t);
  // Zigbee2MQTT: MQTT 3.1.1, a retained will that marks the bridge offline
  const z2m = await connectClient(t, url, {
    clientId: 'zigbee2mqtt', protocolVersion: 4, clean: true, keepalive: 60,
    will: { topic: 'zigbee2mqtt/bridge/state', payload: Buffer.from('{"state":"offline"}'), qos: 1, retain: true },
  });
  await z2m.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}', { qos: 1, retain: true });
  await z2m.publishAsync(DISCOVERY, JSON.stringify({ name: 'Living lamp', command_topic: 'zigbee2mqtt/living_lamp/set', state_topic: 'zigbee2mqtt/living_lamp' }), { qos: 1, retain: true });
  await z2m.subscribeAsync(['zigbee2mqtt/+/set', 'homeassistant/status'], { qos: 1 });

  // Home Assistant: MQTT 5, clean start, will and birth on homeassistant/status
  const haOptions = {
    clientId: 'homeassistant', protocolVersion: 5 as const, clean: true, keepalive: 60,
    will: { topic: 'homeassistant/status', payload: Buffer.from('offline'), qos: 1 as const, retain: false },
  };
  const ha = await connectClient(t, url, haOptions);
  const discovery = nextMessage(ha, DISCOVERY);
  const bridge = expect(ha, 'zigbee2mqtt/bridge/state', '{"state":"online"}');
  await ha.subscribeAsync(['homeassistant/#', 'zigbee2mqtt/#'], { qos: 1 });
  const config = JSON.parse((await discovery).payload.toString());
  assert.equal(config.command_topic, 'zigbee2mqtt/living_lamp/set', 'the retained discovery config');
  assert.equal((await bridge).retain, true);
  const birth = expect(z2m, 'homeassistant/status', 'online');
  await ha.publishAsync('homeassistant/status', 'online', { qos: 1 });
  await birth; // Zigbee2MQTT republishes discovery on this in real life

  // a command from Home Assistant (with MQTT 5 properties), the new state from Zigbee2MQTT
  const command = nextMessage(z2m, 'zigbee2mqtt/living_lamp/set');
  await ha.publishAsync('zigbee2mqtt/living_lamp/set', '{"state":"ON"}', { qos: 1, properties: { userProperties: { origin: 'ui' } } });
  assert.deepEqual(JSON.parse((await command).payload.toString()), { state: 'ON' });
  const state = expect(ha, 'zigbee2mqtt/living_lamp', '{"state":"ON","brightness":254}');
  await z2m.publishAsync('zigbee2mqtt/living_lamp', '{"state":"ON","brightness":254}', { qos: 1, retain: true });
  await state;
  assert.deepEqual(broker.stats().clients.map((c) => [c.clientId, c.protocol]), [['zigbee2mqtt', 'MQTT 3.1.1'], ['homeassistant', 'MQTT 5']]);

  // Home Assistant goes away without DISCONNECT: its will tells Zigbee2MQTT
  const offline = expect(z2m, 'homeassistant/status', 'offline');
  ha.stream.destroy();
  await within(offline, 'Home Assistant\'s will');

  // and the bridge goes away: a Home Assistant connecting later sees it offline (retained will)
  z2m.stream.destroy();
  const later = await connectClient(t, url, { ...haOptions, clientId: 'homeassistant-2' });
  const retained = expect(later, 'zigbee2mqtt/bridge/state', '{"state":"offline"}');
  await later.subscribeAsync('zigbee2mqtt/bridge/state', { qos: 1 });
  assert.equal((await retained).retain, true);
});
