// `patchbay simulate --broker mqtt://HOST:PORT`: virtual devices on a broker until SIGINT/SIGTERM.
import { MOTION_TRIGGER_TOPIC, startSimulator } from '../simulator/index.ts';
import { parseCommand, UsageError, type CliCommand } from './command.ts';

export const simulateCommand: CliCommand = {
  name: 'simulate',
  usage: `patchbay simulate --broker mqtt://HOST:PORT   virtual devices speaking Zigbee2MQTT, Tasmota, Shelly, HA discovery
                                                and Homie 5; publish anything on ${MOTION_TRIGGER_TOPIC} for motion`,
  async run(args) {
    const { values, positionals } = parseCommand(args, { broker: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`simulate takes no arguments ("${positionals.join(' ')}")`);
    const broker = values.broker;
    if (!broker) throw new UsageError('--broker is required');
    if (!/^(mqtts?|wss?|tcp):\/\/./.test(broker)) throw new UsageError(`--broker "${broker}" is not an MQTT URL (mqtt://HOST:PORT)`);
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
    console.log(`simulating on ${broker}:`);
    for (const device of simulator.devices) console.log(`  ${device}`);
    return -1;
  },
};
