// A simulated Shelly Plus 1PM (Gen2): RPC over MQTT on <id>/rpc with replies on <src>/rpc,
// NotifyStatus on <id>/events/rpc, full component status on <id>/status/switch:0 and
// availability on <id>/online.
import { drift, simClient, Timers, type SimDevice } from './sim-client.ts';

const ID = 'shellyplus1pm-a8032ab12345';
const MAC = 'A8032AB12345';

export async function startShellyPlus(url: string): Promise<SimDevice> {
  const online = `${ID}/online`;
  const client = await simClient(url, ID, { topic: online, payload: 'false', retain: true });
  const timers = new Timers();
  const sw = { id: 0, source: 'init', output: false, apower: 0, voltage: 231.4, current: 0, aenergy: { total: 5123.772, by_minute: [0, 0, 0], minute_ts: 0 }, temperature: { tC: 41.3, tF: 106.3 } };
  const input = { id: 0, state: false };
  const info = { name: 'Bathroom heater', id: ID, mac: MAC, slot: 0, model: 'SNSW-001P16EU', gen: 2, fw_id: '20240625-122245/1.3.3-gbdfd9b3', ver: '1.3.3', app: 'Plus1PM', auth_en: false, auth_domain: null };
  const status = () => ({
    ble: {}, cloud: { connected: false }, mqtt: { connected: true },
    sys: { mac: MAC, restart_required: false, time: new Date().toTimeString().slice(0, 5), uptime: 4233, ram_size: 260000, ram_free: 117000, available_updates: {} },
    'input:0': input, 'switch:0': sw, wifi: { sta_ip: '192.168.1.74', status: 'got ip', ssid: 'home', rssi: -61 },
  });

  const notify = (params: Record<string, unknown>) => client.publish(`${ID}/events/rpc`, { src: ID, dst: `${ID}/events`, method: 'NotifyStatus', params: { ts: Date.now() / 1000, ...params } });
  const publishSwitch = async () => {
    await client.publish(`${ID}/status/switch:0`, sw);
    await notify({ 'switch:0': { id: 0, output: sw.output, apower: sw.apower, current: sw.current } });
  };
  const setOutput = (on: boolean, source: string) => {
    const was = sw.output;
    sw.output = on;
    sw.source = source;
    if (!on) {
      sw.apower = 0;
      sw.current = 0;
    }
    void publishSwitch();
    return { was_on: was };
  };

  const methods: Record<string, (params: Record<string, unknown>) => unknown> = {
    'Shelly.GetDeviceInfo': () => info,
    'Shelly.GetStatus': () => status(),
    'Switch.GetStatus': () => sw,
    'Switch.Set': (p) => setOutput(p.on === true, 'MQTT'),
    'Switch.Toggle': () => setOutput(!sw.output, 'MQTT'),
  };
  await client.on(`${ID}/rpc`, (_topic, text) => {
    let request: { id?: unknown; src?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return; // a real device drops frames it can't parse
    }
    if (typeof request.src !== 'string' || typeof request.method !== 'string') return;
    const handler = methods[request.method];
    const params = request.params && typeof request.params === 'object' ? (request.params as Record<string, unknown>) : {};
    const reply = handler
      ? { id: request.id, src: ID, dst: request.src, result: handler(params) }
      : { id: request.id, src: ID, dst: request.src, error: { code: 404, message: `No handler for ${request.method}` } };
    void client.publish(`${request.src}/rpc`, reply);
  });

  await client.publish(online, 'true', { retain: true });
  timers.every(10_000, () => {
    if (!sw.output) return;
    sw.apower = drift(sw.apower || 480, 25, 420, 560, 1);
    sw.current = Math.round((sw.apower / sw.voltage) * 1000) / 1000;
    sw.aenergy.total = Math.round((sw.aenergy.total + (sw.apower * 10) / 3600) * 1000) / 1000;
    void publishSwitch();
  });

  return {
    name: 'Shelly Plus 1PM "Bathroom heater" (RPC)',
    async stop() {
      timers.clear();
      await client.end([{ topic: online, payload: 'false', retain: true }]);
    },
  };
}
