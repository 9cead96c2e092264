// Shelly, both generations, as one adapter (one source, "shelly"): Gen2+ speaks RPC, Gen1
// plain topics under shellies/. Gen1 keys start with "gen1:".
import type { AdapterHost, DeviceAdapter } from '../model.ts';
import { shellyGen1 } from './shelly-gen1.ts';
import { shellyGen2 } from './shelly-gen2.ts';

export function shellyAdapter() {
  return (host: AdapterHost): DeviceAdapter => {
    const gen1 = shellyGen1(host);
    const gen2 = shellyGen2(host);
    return {
      source: 'shelly',
      async start() {
        await gen2.start();
        await gen1.start();
      },
      command: (key, writes) => (key.startsWith('gen1:') ? gen1.command(key, writes) : gen2.command(key, writes)),
      stop: () => gen2.stop(),
    };
  };
}
