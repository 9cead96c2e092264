// A simulated ESPHome thermostat announced through Home Assistant MQTT discovery (abbreviated
// keys, `~` base topic, a climate entity and a humidity sensor on one device). It answers HA's
// birth message by announcing itself again, heats towards its target and reports retained state.
import { drift, simClient, Timers, type SimDevice } from './sim-client.ts';

const NODE = 'hallway-thermostat';
const MAC = '246f28abcdef';

export async function startEsphomeThermostat(url: string): Promise<SimDevice> {
  const status = `${NODE}/status`;
  const client = await simClient(url, NODE, { topic: status, payload: 'offline', retain: true });
  const timers = new Timers();
  const state = { mode: 'heat', target: 21, current: 19.6, humidity: 44, action: 'heating' };
  const base = `${NODE}/climate/thermostat`;
  const device = { ids: MAC, name: 'Hallway thermostat', sw: 'esphome v2024.6.4', mdl: 'esp32dev', mf: 'espressif', sa: 'Hallway', cns: [['mac', MAC]] };

  const announce = async () => {
    await client.publish(`homeassistant/climate/${NODE}/thermostat/config`, {
      '~': base, name: 'Thermostat', uniq_id: `${MAC}climatethermostat`, avty_t: status,
      curr_temp_t: '~/current_temperature/state', mode_cmd_t: '~/mode/command', mode_stat_t: '~/mode/state', modes: ['off', 'heat'],
      temp_cmd_t: '~/target_temperature/command', temp_stat_t: '~/target_temperature/state', min_temp: 5, max_temp: 30, temp_step: 0.5,
      act_t: '~/action/state', dev: device,
    }, { retain: true });
    await client.publish(`homeassistant/sensor/${NODE}/humidity/config`, {
      name: 'Humidity', uniq_id: `${MAC}sensorhumidity`, stat_t: `${NODE}/sensor/humidity/state`, avty_t: status,
      unit_of_meas: '%', dev_cla: 'humidity', stat_cla: 'measurement', dev: device,
    }, { retain: true });
  };
  const report = async () => {
    await client.publish(`${base}/current_temperature/state`, state.current.toFixed(1), { retain: true });
    await client.publish(`${base}/target_temperature/state`, state.target.toFixed(1), { retain: true });
    await client.publish(`${base}/mode/state`, state.mode, { retain: true });
    await client.publish(`${base}/action/state`, state.action, { retain: true });
    await client.publish(`${NODE}/sensor/humidity/state`, state.humidity.toFixed(0), { retain: true });
  };
  const regulate = () => {
    state.action = state.mode === 'heat' && state.current < state.target ? 'heating' : state.mode === 'off' ? 'off' : 'idle';
  };

  await client.publish(status, 'online', { retain: true });
  await announce();
  await client.on('homeassistant/status', (_topic, text) => {
    if (text === 'online') void announce();
  });
  await client.on(`${base}/mode/command`, (_topic, text) => {
    if (text !== 'off' && text !== 'heat') return;
    state.mode = text;
    regulate();
    void report();
  });
  await client.on(`${base}/target_temperature/command`, (_topic, text) => {
    const target = Number(text);
    if (!Number.isFinite(target) || target < 5 || target > 30) return;
    state.target = Math.round(target * 2) / 2;
    regulate();
    void report();
  });
  regulate();
  await report();
  timers.every(15_000, () => {
    const heating = state.action === 'heating';
    state.current = Math.round((state.current + (heating ? 0.2 : -0.1) + (Math.random() - 0.5) * 0.1) * 10) / 10;
    state.humidity = drift(state.humidity, 1, 30, 60, 0);
    regulate();
    void report();
  });

  return {
    name: 'ESPHome thermostat "Hallway thermostat" (Home Assistant discovery)',
    async stop() {
      timers.clear();
      await client.end([{ topic: status, payload: 'offline', retain: true }]);
    },
  };
}
