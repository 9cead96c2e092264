// A simulated Zigbee2MQTT bridge: the retained bridge topics, availability per device, a
// motion sensor (motion now and then, or on demand), a dimmable colour light that follows
// /set (also through its group) and a temperature/humidity sensor that drifts.
import { drift, simClient, Timers, type SimDevice } from './sim-client.ts';
import { BRIDGE_DEVICES, BRIDGE_GROUPS, CLIMATE, LIGHT, MOTION } from './zigbee2mqtt-devices.ts';

const BASE = 'zigbee2mqtt';
/** Publishing anything here makes the motion sensor see motion at once. */
export const MOTION_TRIGGER_TOPIC = 'patchbay-simulator/motion';
/** Seconds after the last motion before the sensor reports no occupancy (the Aqara's occupancy_timeout). */
const OCCUPANCY_TIMEOUT_S = 10;
const GROUP = BRIDGE_GROUPS[0]!.friendly_name;

export async function startZigbee2mqttBridge(url: string): Promise<SimDevice> {
  const client = await simClient(url, 'sim-zigbee2mqtt', { topic: `${BASE}/bridge/state`, payload: '{"state":"offline"}', retain: true });
  const timers = new Timers();
  const names = [MOTION.name, LIGHT.name, CLIMATE.name];
  const light = { state: 'OFF', brightness: 180, color_temp: 370, color_mode: 'color_temp', color: { x: 0.4573, y: 0.41 }, linkquality: 142 };
  const climate = { temperature: 21.4, humidity: 48.2, pressure: 1011.3, battery: 91, linkquality: 87 };
  let occupancyTimer: NodeJS.Timeout | undefined;

  await client.publish(`${BASE}/bridge/state`, { state: 'online' }, { retain: true });
  await client.publish(`${BASE}/bridge/info`, { version: '1.40.2', commit: 'simulated', coordinator: { ieee_address: '0x00124b0021a1b2c3', type: 'zStack3x0' }, permit_join: false, config: { mqtt: { base_topic: BASE } } }, { retain: true });
  await client.publish(`${BASE}/bridge/devices`, BRIDGE_DEVICES, { retain: true });
  await client.publish(`${BASE}/bridge/groups`, BRIDGE_GROUPS, { retain: true });
  for (const name of names) await client.publish(`${BASE}/${name}/availability`, { state: 'online' }, { retain: true });

  // Zigbee2MQTT publishes a group's state beside its members' (the group is its one light here).
  const publishLight = async () => {
    await client.publish(`${BASE}/${LIGHT.name}`, light);
    await client.publish(`${BASE}/${GROUP}`, { state: light.state, brightness: light.brightness, color_temp: light.color_temp, color_mode: light.color_mode, color: light.color });
  };
  const motion = () => {
    void client.publish(`${BASE}/${MOTION.name}`, { occupancy: true, illuminance: Math.round(Math.random() * 40 + 5), battery: 100, voltage: 3045, linkquality: 120 });
    timers.cancel(occupancyTimer);
    occupancyTimer = timers.after(OCCUPANCY_TIMEOUT_S * 1000, () => {
      void client.publish(`${BASE}/${MOTION.name}`, { occupancy: false, illuminance: 12, battery: 100, voltage: 3045, linkquality: 120 });
    });
  };
  const applySet = (body: Record<string, unknown>) => {
    if (typeof body.state === 'string') {
      const wanted = body.state.toUpperCase();
      light.state = wanted === 'TOGGLE' ? (light.state === 'ON' ? 'OFF' : 'ON') : wanted === 'ON' ? 'ON' : 'OFF';
    }
    if (typeof body.brightness === 'number') {
      light.brightness = Math.max(0, Math.min(254, Math.round(body.brightness)));
      if (body.state === undefined) light.state = light.brightness > 0 ? 'ON' : 'OFF';
    }
    if (typeof body.color_temp === 'number') {
      light.color_temp = Math.max(150, Math.min(500, Math.round(body.color_temp)));
      light.color_mode = 'color_temp';
    }
    if (body.color && typeof body.color === 'object') {
      light.color = { ...light.color, ...(body.color as { x: number; y: number }) };
      light.color_mode = 'xy';
    }
    void publishLight();
  };

  // /set with a JSON object, or /set/<property> with a plain value.
  await client.on(`${BASE}/+/set`, (topic, text) => {
    const name = topic.split('/')[1];
    if (name !== LIGHT.name && name !== GROUP) return;
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === 'object') applySet(body as Record<string, unknown>);
    } catch {
      // Zigbee2MQTT logs and ignores a /set it cannot parse; so does the simulator.
    }
  });
  await client.on(`${BASE}/+/set/+`, (topic, text) => {
    const [, name, , property] = topic.split('/');
    if (name !== LIGHT.name || !property) return;
    applySet({ [property]: Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : text });
  });
  await client.on(`${BASE}/+/get`, (topic) => {
    if (topic.split('/')[1] === LIGHT.name) void publishLight();
  });
  await client.on(MOTION_TRIGGER_TOPIC, () => motion());

  await publishLight();
  await client.publish(`${BASE}/${CLIMATE.name}`, climate);
  await client.publish(`${BASE}/${MOTION.name}`, { occupancy: false, illuminance: 12, battery: 100, voltage: 3045, linkquality: 120 });
  timers.every(10_000, () => {
    climate.temperature = drift(climate.temperature, 0.2, 18, 26);
    climate.humidity = drift(climate.humidity, 0.8, 35, 70);
    climate.pressure = drift(climate.pressure, 0.3, 990, 1030);
    void client.publish(`${BASE}/${CLIMATE.name}`, climate);
  });
  // Someone walks past now and then.
  timers.every(180_000, () => {
    if (Math.random() < 0.5) motion();
  });

  return {
    name: 'Zigbee2MQTT bridge (hall_motion, living_room_light, bathroom_climate)',
    async stop() {
      timers.clear();
      await client.end([
        ...names.map((name) => ({ topic: `${BASE}/${name}/availability`, payload: { state: 'offline' }, retain: true })),
        { topic: `${BASE}/bridge/state`, payload: { state: 'offline' }, retain: true },
      ]);
    },
  };
}
