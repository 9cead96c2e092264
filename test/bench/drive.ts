// The measurements: load runs through generator processes (CPU per message read from /proc at
// the edges of the measured window), the startup probe, the big deploy, the idle clients.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectWithNoDelay } from '../../server/mqtt/no-delay.ts';

import type { LoadOptions, LoadResult, Schedule } from './load-types.ts';
import { cpuTicks, epochNow, rssMiB, TICKS_PER_SECOND } from './proc.ts';
import type { Running } from './servers.ts';

/** Patchbay's mqtt.js (test/bench/node_modules holds Node-RED's, another version). */
type MqttClient = ReturnType<typeof connectWithNoDelay>;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface LoadPlan {
  qos: 0 | 1;
  route: LoadOptions['route'];
  generators: number;
  publishers: number;
  window: number;
  rate?: number;
  warmUpMs: number;
  measureMs: number;
}

export interface LoadFigures {
  msgPerSec: number;
  cpuUsPerMsg: number;
  latencyP50: number;
  latencyP99: number;
  /** Lost + duplicated + reordered + malformed, over the whole run: must be 0. */
  faults: number;
  generatorCpuShare: number;
  results: LoadResult[];
}

/** A generator process, resolved once it is connected and ready for the schedule. */
function generator(options: LoadOptions) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}loadgen.ts`, JSON.stringify(options)], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const messages: unknown[] = [];
  let wake = () => {};
  lines.on('line', (line) => {
    messages.push(JSON.parse(line));
    wake();
  });
  const next = async <T>(): Promise<T> => {
    while (messages.length === 0) {
      if (child.exitCode !== null) throw new Error(`load generator exited (${child.exitCode})`);
      await new Promise<void>((resolve) => { wake = resolve; child.once('exit', () => resolve()); });
    }
    return messages.shift() as T;
  };
  return {
    ready: () => next<{ ready: true }>(),
    run: async (schedule: Schedule) => {
      child.stdin!.end(`${JSON.stringify(schedule)}\n`);
      return next<LoadResult>();
    },
  };
}

const sumTicks = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);

/** Runs `plan` against `system`: warm-up, then the measured window on every generator at once. */
export async function runLoad(system: Running, plan: LoadPlan): Promise<LoadFigures> {
  const generators = Array.from({ length: plan.generators }, (_, g) => generator({
    url: system.mqttUrl, qos: plan.qos, generator: g, publishers: plan.publishers, window: plan.window,
    rate: plan.rate === undefined ? undefined : plan.rate / plan.generators, route: plan.route, payloadBytes: 160,
  }));
  await Promise.all(generators.map((g) => g.ready()));
  const start = epochNow() + 50;
  const schedule = { start, measureFrom: start + plan.warmUpMs, measureTo: start + plan.warmUpMs + plan.measureMs };
  const ticks = (async () => {
    await sleep(schedule.measureFrom - epochNow());
    const before = sumTicks(system.pids);
    await sleep(schedule.measureTo - epochNow());
    return sumTicks(system.pids) - before;
  })();
  const results = await Promise.all(generators.map((g) => g.run(schedule)));
  const measured = results.reduce((sum, r) => sum + r.measured, 0);
  const cpuUs = ((await ticks) * 1e6) / TICKS_PER_SECOND;
  const weighted = (pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r) * r.measured, 0) / measured;
  return {
    msgPerSec: measured / (plan.measureMs / 1000),
    cpuUsPerMsg: cpuUs / measured,
    latencyP50: weighted((r) => r.latencyP50),
    latencyP99: Math.max(...results.map((r) => r.latencyP99)),
    faults: results.reduce((sum, r) => sum + r.lost + r.duplicated + r.reordered + r.malformed, 0),
    generatorCpuShare: results.reduce((sum, r) => sum + r.generatorCpuMs, 0) / (plan.warmUpMs + plan.measureMs),
    results,
  };
}

async function probeClient(mqttUrl: string): Promise<MqttClient> {
  const client = connectWithNoDelay(mqttUrl, { protocolVersion: 4, reconnectPeriod: 10, connectTimeout: 5000 });
  client.on('error', () => {}); // refused while the server starts: mqtt.js retries
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.subscribeAsync('bench/q0/out/probe', { qos: 0 });
  return client;
}

/**
 * Epoch ms at which the QoS 0 pipeline first answered a probe published at or after `after`,
 * publishing one every 5 ms from the moment the broker accepts connections.
 */
export async function firstProcessed(mqttUrl: string, after = 0, timeoutMs = 30_000): Promise<number> {
  const client = await probeClient(mqttUrl);
  try {
    const answered = new Promise<number>((resolve) => client.on('message', (_topic, payload) => {
      const { t } = JSON.parse(payload.toString()) as { t: number };
      if (t >= after) resolve(epochNow());
    }));
    const timer = setInterval(() => client.publish('bench/q0/in/probe', JSON.stringify({ g: 'probe', s: 1, t: epochNow() })), 5);
    try {
      return await Promise.race([answered, sleep(timeoutMs).then(() => { throw new Error(`no answer from the pipeline on ${mqttUrl} within ${timeoutMs} ms`); })]);
    } finally {
      clearInterval(timer);
    }
  } finally {
    await client.endAsync(true);
  }
}

const sumRss = (pids: number[]) => pids.reduce((sum, pid) => sum + rssMiB(pid), 0);

export interface DeployFigures { untilRunningMs: number; rssGrowthMiB: number }

/** A full deploy of `body` over the system's own API, until the pipeline answers again. */
export async function deployBig(system: Running, request: { method: string; path: string; headers: Record<string, string>; body: unknown }, settleMs: number): Promise<DeployFigures> {
  const rssBefore = sumRss(system.pids);
  const started = epochNow();
  const response = await fetch(`${system.httpUrl}${request.path}`, {
    method: request.method, headers: { 'content-type': 'application/json', ...request.headers }, body: JSON.stringify(request.body),
  });
  if (!response.ok) throw new Error(`deploy failed: ${response.status} ${await response.text()}`);
  const answered = await firstProcessed(system.mqttUrl, epochNow());
  await sleep(settleMs);
  return { untilRunningMs: answered - started, rssGrowthMiB: sumRss(system.pids) - rssBefore };
}

export interface ClientFigures { connectAllMs: number; rssGrowthMiB: number }

/** Connects `count` idle MQTT clients from a separate process and measures the broker's memory growth. */
export async function idleClients(mqttUrl: string, brokerPids: number[], count: number, settleMs: number): Promise<ClientFigures> {
  const rssBefore = sumRss(brokerPids);
  const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}idle-clients.ts`, mqttUrl, String(count)], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`idle clients exited (${code})`)));
  });
  const { connectAllMs } = JSON.parse(first) as { connectAllMs: number };
  await sleep(settleMs);
  const rssGrowthMiB = sumRss(brokerPids) - rssBefore;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end('done\n');
  await exited;
  return { connectAllMs, rssGrowthMiB };
}

/** Resident memory of the system after it has been idle for `settleMs`. */
export async function idleRss(pids: number[], settleMs: number): Promise<number> {
  await sleep(settleMs);
  return sumRss(pids);
}
