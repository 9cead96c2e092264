// A simulated Tasmota plug with power metering (a Sonoff S31 running Tasmota 13): native
// discovery, LWT, tele/STATE and tele/SENSOR, and cmnd/POWER answered on stat/RESULT and stat/POWER.
import { drift, simClient, Timers, type SimDevice } from './sim-client.ts';

const MAC = 'A4CF12B3C4D5';
const TOPIC = 'tasmota_B3C4D5';

export async function startTasmotaPlug(url: string): Promise<SimDevice> {
  const lwt = `tele/${TOPIC}/LWT`;
  const client = await simClient(url, `sim-${TOPIC}`, { topic: lwt, payload: 'Offline', retain: true });
  const timers = new Timers();
  let on = true;
  let total = 42.317;
  let power = 0;

  const config = {
    ip: '192.168.1.61', dn: 'Coffee machine', fn: ['Coffee machine', null, null, null, null, null, null, null],
    hn: 'tasmota-B3C4D5-1237', mac: MAC, md: 'Sonoff S31', ty: 0, if: 0, ofln: 'Offline', onln: 'Online',
    state: ['OFF', 'ON', 'TOGGLE', 'HOLD'], sw: '13.4.0', t: TOPIC, ft: '%prefix%/%topic%/', tp: ['cmnd', 'stat', 'tele'],
    rl: [1, 0, 0, 0, 0, 0, 0, 0], swc: [-1, -1, -1, -1, -1, -1, -1, -1], swn: [null, null, null, null, null, null, null, null],
    btn: [0, 0, 0, 0, 0, 0, 0, 0], so: { 4: 0, 11: 0, 13: 0, 17: 0, 20: 0, 30: 0, 68: 0, 73: 0, 82: 0, 114: 0, 117: 0 },
    lk: 0, lt_st: 0, bat: 0, dslp: 0, sho: [], sht: [], ver: 1,
  };
  const energy = () => ({
    TotalStartTime: '2024-01-12T08:03:41', Total: Math.round(total * 1000) / 1000, Yesterday: 0.412, Today: 0.108,
    Power: Math.round(power), ApparentPower: Math.round(power * 1.04), ReactivePower: Math.round(power * 0.28),
    Factor: power > 0 ? 0.96 : 0, Voltage: Math.round(drift(230, 2, 225, 235, 0)), Current: Math.round((power / 230) * 1000) / 1000,
  });
  const time = () => new Date().toISOString().slice(0, 19);
  const powerText = () => (on ? 'ON' : 'OFF');

  await client.publish(lwt, 'Online', { retain: true });
  await client.publish(`tasmota/discovery/${MAC}/config`, config, { retain: true });
  await client.publish(`tasmota/discovery/${MAC}/sensors`, { sn: { Time: time(), ENERGY: energy() }, ver: 1 }, { retain: true });

  const sendState = () => client.publish(`tele/${TOPIC}/STATE`, { Time: time(), Uptime: '0T01:12:43', Heap: 25, POWER: powerText(), Wifi: { AP: 1, SSId: 'home', RSSI: 78 } });
  const sendSensor = () => client.publish(`tele/${TOPIC}/SENSOR`, { Time: time(), ENERGY: energy() });

  await client.on(`cmnd/${TOPIC}/+`, (topic, text) => {
    const command = topic.slice(topic.lastIndexOf('/') + 1).toUpperCase();
    if (command !== 'POWER' && command !== 'POWER1') return;
    const word = text.trim().toUpperCase();
    if (word === 'ON' || word === '1') on = true;
    else if (word === 'OFF' || word === '0') on = false;
    else if (word === 'TOGGLE' || word === '2') on = !on;
    if (!on) power = 0;
    void client.publish(`stat/${TOPIC}/RESULT`, { POWER: powerText() });
    void client.publish(`stat/${TOPIC}/POWER`, powerText());
    void sendSensor();
  });

  await sendState();
  // A coffee machine: heating bursts near 1450 W, then keeping warm at a few watts.
  let phase = 0;
  timers.every(5000, () => {
    if (on) {
      phase = (phase + 1) % 12;
      power = phase < 3 ? drift(1420, 30, 1350, 1480, 0) : drift(4, 1.5, 2, 8, 1);
      total += (power * 5) / 3_600_000;
    }
    void sendSensor();
  });
  timers.every(60_000, () => void sendState());

  return {
    name: 'Tasmota plug "Coffee machine" (power metering)',
    async stop() {
      timers.clear();
      await client.end([{ topic: lwt, payload: 'Offline', retain: true }]);
    },
  };
}
