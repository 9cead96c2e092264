// The big-deploy row of side-by-side.ts on its own, Patchbay only, for working on it: each round
// starts a fresh `patchbay start` with the bench pipelines, PUTs the pipelines plus a big flow,
// and prints the response time, the time until the pipeline answers, and the RSS growth.
//
//   node --import tsx test/bench/deploy.ts [--nodes 5000] [--rounds 5] [--profile DIR]
//
// --profile DIR: the server runs with --cpu-prof; its .cpuprofile goes to DIR when it stops.
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstProcessed } from './drive.ts';
import { patchbayDocument } from './flows.ts';
import { epochNow, rssMiB } from './proc.ts';
import { serverNodeArgs, startPatchbay } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
    profile: { type: 'string' },
  },
});
if (args.profile) serverNodeArgs.push('--cpu-prof', `--cpu-prof-dir=${args.profile}`);
/** As in side-by-side.ts: memory settles this long before the growth is read. */
const SETTLE_MS = 1500;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounded = (n: number) => Math.round(n * 10) / 10;

const figures = { responseMs: [] as number[], untilRunningMs: [] as number[], rssGrowthMiB: [] as number[] };
for (let round = 0; round < Number(args.rounds); round++) {
  const running = await startPatchbay();
  try {
    await firstProcessed(running.mqttUrl); // started and warm, as in side-by-side.ts's lifecycle
    await sleep(SETTLE_MS);
    const pid = running.pids[0]!;
    const rssBefore = rssMiB(pid);
    const started = epochNow();
    const response = await fetch(`${running.httpUrl}/api/flows`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patchbayDocument(Number(args.nodes))),
    });
    if (!response.ok) throw new Error(`deploy failed: ${response.status} ${await response.text()}`);
    const answeredAt = epochNow();
    const running_ = await firstProcessed(running.mqttUrl, answeredAt);
    await sleep(SETTLE_MS);
    const round_ = { responseMs: answeredAt - started, untilRunningMs: running_ - started, rssGrowthMiB: rssMiB(pid) - rssBefore };
    for (const key of Object.keys(figures) as Array<keyof typeof figures>) figures[key].push(round_[key]);
    console.log(`round ${round + 1}: response ${rounded(round_.responseMs)} ms, running ${rounded(round_.untilRunningMs)} ms, RSS +${rounded(round_.rssGrowthMiB)} MiB (before ${rounded(rssBefore)} MiB)`);
  } finally {
    await running.stop();
  }
}
console.log(`median of ${args.rounds}: response ${rounded(median(figures.responseMs))} ms, running ${rounded(median(figures.untilRunningMs))} ms, RSS +${rounded(median(figures.rssGrowthMiB))} MiB`);
