// The `simulate` verb of the command line: runs the simulator until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { fail } from '../errors.ts';
import { MOTION_TRIGGER_TOPIC, startSimulator } from './index.ts';

export const SIMULATE_HELP = `Usage: patchbay simulate --broker mqtt://HOST:PORT

Starts virtual devices on that broker, each speaking its real convention: a Zigbee2MQTT bridge
(motion sensor, dimmable colour light, temperature/humidity sensor), a Tasmota plug with power
metering, a Shelly Plus 1PM (RPC), an ESPHome thermostat (Home Assistant discovery) and a
Homie 5 device. They follow commands and go offline when the simulator stops.
Publish anything on ${MOTION_TRIGGER_TOPIC} to make the motion sensor see motion.
`;

/** Runs until a signal; the returned promise settles only on failure (exit code). */
export async function runSimulate(argv: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { broker: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    write(SIMULATE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw fail('SIMULATOR_ARGS_INVALID', `unexpected "${positionals.join(' ')}"`);
  const broker = values.broker;
  if (!broker || !/^(mqtts?|wss?|tcp):\/\/./.test(broker)) throw fail('SIMULATOR_ARGS_INVALID', broker ? `"${broker}" is not an MQTT URL` : '--broker is required');
  const simulator = await startSimulator(broker);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await simulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  write(`simulating on ${broker}:`);
  for (const device of simulator.devices) write(`  ${device}`);
  return -1;
}
