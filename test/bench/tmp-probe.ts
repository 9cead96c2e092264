import { readFileSync } from 'node:fs';
import { serverNodeArgs, startPatchbay } from './servers.ts';
import { firstProcessed } from './drive.ts';
import { epochNow } from './proc.ts';
serverNodeArgs.push(...process.argv.slice(2));
for (let i = 0; i < 2; i++) {
  let probe: Promise<number> | undefined; let spawned = 0;
  const running = await startPatchbay((url) => { spawned = epochNow(); probe = firstProcessed(url); });
  const first = await probe!;
  await new Promise((r) => setTimeout(r, 2000));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${running.pids[0]}/status`, 'utf8'))![1]) / 1024;
  console.log(`first processed ${Math.round(first - spawned)} ms, rss ${rss.toFixed(1)}`);
  await running.stop();
}
