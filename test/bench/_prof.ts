import { runLoad } from './drive.ts';
import { serverNodeArgs, startPatchbay } from './servers.ts';
serverNodeArgs.push('--cpu-prof', '--cpu-prof-dir=/tmp/prof');
const running = await startPatchbay();
const r = await runLoad(running, { qos: Number(process.argv[2] ?? 0) as 0 | 1, route: 'pipeline', generators: 2, publishers: 2, window: 50, warmUpMs: 1000, measureMs: 6000 });
console.log(r.msgPerSec, r.cpuUsPerMsg, r.faults);
await running.stop();
