// A simulated Homie 5 device, "Workshop": who is there (a settable occupant count, to play
// arrivals and departures), a ventilation fan (on/off and speed, settable) and its temperature.
// $description, $state and values are retained; commands come on …/set and are echoed.
import { drift, simClient, Timers, type SimDevice } from './sim-client.ts';

const ID = 'workshop';
const ROOT = `homie/5/${ID}`;

const DESCRIPTION = {
  homie: '5.0', version: 1, name: 'Workshop',
  nodes: {
    presence: { name: 'Presence', type: 'presence', properties: {
      occupants: { name: 'People present', datatype: 'integer', format: '0:20', settable: true, retained: true },
    } },
    ventilation: { name: 'Ventilation', type: 'fan', properties: {
      on: { name: 'On', datatype: 'boolean', settable: true, retained: true },
      speed: { name: 'Speed', datatype: 'integer', format: '0:100', unit: '%', settable: true, retained: true },
    } },
    climate: { name: 'Climate', type: 'sensor', properties: {
      temperature: { name: 'Temperature', datatype: 'float', unit: '°C', retained: true },
    } },
  },
};

export async function startHomieWorkshop(url: string): Promise<SimDevice> {
  const client = await simClient(url, `homie-${ID}`, { topic: `${ROOT}/$state`, payload: 'lost', retain: true });
  const timers = new Timers();
  const values: Record<string, string> = { 'presence/occupants': '2', 'ventilation/on': 'false', 'ventilation/speed': '60', 'climate/temperature': '17.8' };
  const publish = (path: string) => client.publish(`${ROOT}/${path}`, values[path]!, { retain: true });

  await client.publish(`${ROOT}/$state`, 'init', { retain: true });
  await client.publish(`${ROOT}/$description`, DESCRIPTION, { retain: true });
  for (const path of Object.keys(values)) await publish(path);
  await client.on(`${ROOT}/+/+/set`, (topic, text) => {
    const path = topic.slice(ROOT.length + 1, -'/set'.length);
    if (!(path in values) || path === 'climate/temperature') return;
    // [homie-5] a device validates the value and echoes it on the property topic
    const valid = path === 'ventilation/on' ? text === 'true' || text === 'false' : /^\d+$/.test(text) && Number(text) <= (path === 'presence/occupants' ? 20 : 100);
    if (!valid) return;
    values[path] = text;
    void publish(path);
  });
  await client.publish(`${ROOT}/$state`, 'ready', { retain: true });
  timers.every(20_000, () => {
    values['climate/temperature'] = String(drift(Number(values['climate/temperature']), 0.15, 12, 24));
    void publish('climate/temperature');
  });

  return {
    name: 'Homie 5 device "Workshop" (presence, ventilation, temperature)',
    async stop() {
      timers.clear();
      await client.end([{ topic: `${ROOT}/$state`, payload: 'disconnected', retain: true }]);
    },
  };
}
