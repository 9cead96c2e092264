// Patchbay and Node-RED 4.1.15 (+ aedes) side by side on this machine, interleaved round by
// round: every row of issue 16's table. Prints one markdown table of medians (min–max) with the
// Patchbay/Node-RED ratio and writes every raw figure to test-results/bench/side-by-side.json
// (side-by-side-quick.json for --quick).
//
//   node --import tsx test/bench/side-by-side.ts [--rounds N] [--quick] [--only patchbay] [--no-editor] [--rows start,clients] [--profile DIR]
//
// --quick: one short round, small counts (the smoke test's run); --only patchbay: no Node-RED
// (needs nothing from test/bench/node_modules); --rows: only the rows whose key starts with one
// of these prefixes (the first column of the JSON's row keys: qos0, lat1, relay, start, deploy,
// clients, editor...), and only the work they need; --profile DIR: the servers run with
// --cpu-prof, their .cpuprofile files go to DIR (open them in Chrome DevTools).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { deployBig, firstProcessed, idleClients, idleRss, runLoad, type LoadPlan } from './drive.ts';
import { measureEditor } from './editor-compare.ts';
import { nodeRedFlows, patchbayDocument } from './flows.ts';
import { epochNow, rssMiB } from './proc.ts';
import { record, table, type Row, type Samples, type System } from './report.ts';
import { serverNodeArgs, startAedes, startMosquitto, startNodeRed, startPatchbay, type OnSpawn, type Running } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-editor': { type: 'boolean', default: false },
    profile: { type: 'string' },
    rows: { type: 'string' },
  },
});
const rowPrefixes = args.rows?.split(',').filter(Boolean);
/** Whether any row whose key starts with one of `prefixes` was asked for (all are, without --rows). */
const wanted = (...prefixes: string[]) => !rowPrefixes || rowPrefixes.some((asked) => prefixes.some((prefix) => prefix.startsWith(asked) || asked.startsWith(prefix)));
if (args.profile) serverNodeArgs.push('--cpu-prof', `--cpu-prof-dir=${args.profile}`);
const quick = args.quick;
const systems: System[] = args.only === 'patchbay' ? ['patchbay'] : ['patchbay', 'nodeRed'];
const ROUNDS = quick ? 1 : Number(args.rounds);
const SATURATED = { generators: quick ? 1 : 2, publishers: 2, window: 50, warmUpMs: quick ? 300 : 1000, measureMs: quick ? 1000 : 4000 };
const PACED = { generators: 1, publishers: 1, window: 1000, rate: 1000, warmUpMs: quick ? 200 : 500, measureMs: quick ? 800 : 3000 };
const BIG_FLOW = quick ? 500 : 5000;
const IDLE_CLIENTS = quick ? 100 : 2000;
const EDITOR_NODES = 3000;
/** Time for memory to settle before RSS is read (short in --quick, which reads it only to check it works). */
const SETTLE_MS = quick ? 200 : 1500;

export const ROWS: Row[] = [
  { key: 'qos0.rate', label: 'MQTT in → function → MQTT out, QoS 0, saturated', unit: 'msg/s', lowerIsBetter: false, goal: '≥ 3× Node-RED' },
  { key: 'qos0.cpu', label: '… CPU per message (runtime + broker)', unit: 'µs', lowerIsBetter: true, goal: '≤ 0.35× Node-RED' },
  { key: 'qos1.rate', label: 'same at QoS 1', unit: 'msg/s', lowerIsBetter: false, goal: '≥ 3× Node-RED' },
  { key: 'qos1.cpu', label: '… CPU per message (runtime + broker)', unit: 'µs', lowerIsBetter: true, goal: '—' },
  { key: 'lat0.p50', label: 'latency at 1000 msg/s, QoS 0, p50', unit: 'ms', lowerIsBetter: true, goal: '≤ 0.3' },
  { key: 'lat0.p99', label: '… p99', unit: 'ms', lowerIsBetter: true, goal: '≤ 2' },
  { key: 'lat1.p50', label: 'latency at 1000 msg/s, QoS 1, p50', unit: 'ms', lowerIsBetter: true, goal: '≤ 0.3' },
  { key: 'lat1.p99', label: '… p99', unit: 'ms', lowerIsBetter: true, goal: '≤ 2' },
  { key: 'relay.cpu', label: 'raw broker relay, QoS 0, CPU per message (Patchbay\'s broker / aedes)', unit: 'µs', lowerIsBetter: true, goal: '—' },
  { key: 'relay.mosquitto', label: 'raw relay, mosquitto 2 (reference)', unit: 'µs', lowerIsBetter: true, goal: '—' },
  { key: 'pipeline.relay', label: 'pipeline CPU / its own broker\'s raw relay CPU', unit: '×', lowerIsBetter: true, goal: '≤ 1.6' },
  { key: 'start.first', label: 'start to first processed message', unit: 'ms', lowerIsBetter: true, goal: '≤ 300' },
  { key: 'start.rss', label: 'idle RSS, runtime process (Patchbay: with its broker)', unit: 'MiB', lowerIsBetter: true, goal: '≤ 90' },
  { key: 'start.rssAll', label: 'idle RSS, runtime + broker processes', unit: 'MiB', lowerIsBetter: true, goal: '—' },
  { key: 'deploy.ms', label: `full deploy of a ${BIG_FLOW}-node flow, until running`, unit: 'ms', lowerIsBetter: true, goal: '≤ 200' },
  { key: 'deploy.rss', label: '… RSS growth', unit: 'MiB', lowerIsBetter: true, goal: '≤ 15' },
  { key: 'clients.ms', label: `${IDLE_CLIENTS} idle MQTT clients: connect all`, unit: 'ms', lowerIsBetter: true, goal: '≤ 3000' },
  { key: 'clients.rss', label: '… broker RSS growth', unit: 'MiB', lowerIsBetter: true, goal: '≤ 60' },
  { key: 'editor.ready', label: `editor, ${EDITOR_NODES} nodes: ready`, unit: 'ms', lowerIsBetter: true, goal: '≤ 1000' },
  { key: 'editor.heap', label: '… JS heap after GC', unit: 'MB', lowerIsBetter: true, goal: '≤ 40' },
  { key: 'editor.zoom', label: '… worst zoom step', unit: 'ms', lowerIsBetter: true, goal: '≤ 50' },
  { key: 'editor.drag', label: '… worst drag-all step', unit: 'ms', lowerIsBetter: true, goal: '≤ 100' },
];

const samples: Samples = {};
const faults: string[] = [];
const raw: unknown[] = [];

const start: Record<System, (onSpawn?: OnSpawn) => Promise<Running>> = {
  patchbay: (onSpawn) => startPatchbay(onSpawn),
  nodeRed: (onSpawn) => startNodeRed(onSpawn),
};

async function withRunning<T>(running: Running, use: (running: Running) => Promise<T>): Promise<T> {
  try {
    return await use(running);
  } finally {
    await running.stop();
  }
}

/** Start, idle memory, big deploy, idle clients: one fresh process of `system`. */
async function lifecycle(system: System): Promise<void> {
  if (!wanted('start', 'deploy', 'clients')) return;
  let probe: Promise<number> | undefined;
  let spawned = 0;
  const running = await start[system]((mqttUrl) => {
    spawned = epochNow();
    probe = firstProcessed(mqttUrl);
  });
  await withRunning(running, async () => {
    record(samples, 'start.first', system, (await probe!) - spawned);
    record(samples, 'start.rssAll', system, await idleRss(running.pids, SETTLE_MS + 500));
    record(samples, 'start.rss', system, rssMiB(running.pids[0]!));
    if (wanted('deploy')) {
      const brokerPort = Number(new URL(running.mqttUrl).port);
      const deploy = await deployBig(running, system === 'patchbay'
        ? { method: 'PUT', path: '/api/flows', headers: {}, body: patchbayDocument(BIG_FLOW) }
        : { method: 'POST', path: '/flows', headers: { 'Node-RED-Deployment-Type': 'full' }, body: nodeRedFlows(brokerPort, BIG_FLOW) }, SETTLE_MS);
      record(samples, 'deploy.ms', system, deploy.untilRunningMs);
      record(samples, 'deploy.rss', system, deploy.rssGrowthMiB);
    }
    if (!wanted('clients')) return;
    // The broker's process: Patchbay's own, Node-RED's aedes.
    const clients = await idleClients(running.mqttUrl, running.pids.slice(-1), IDLE_CLIENTS, SETTLE_MS);
    record(samples, 'clients.ms', system, clients.connectAllMs);
    record(samples, 'clients.rss', system, clients.rssGrowthMiB);
  });
}

async function load(key: string, system: string, running: Running, plan: LoadPlan) {
  const figures = await runLoad(running, plan);
  raw.push({ key, system, plan, ...figures });
  if (figures.faults > 0) faults.push(`${system} ${key}: ${JSON.stringify(figures.results)}`);
  return figures;
}

/** The pipeline under saturation and at a steady 1000 msg/s, QoS 0 and 1: one fresh process. */
async function pipeline(system: System): Promise<number | undefined> {
  if (!wanted('qos', 'lat', 'pipeline')) return undefined;
  return withRunning(await start[system](), async (running) => {
    let qos0Cpu = 0;
    for (const qos of [0, 1] as const) {
      const saturated = await load(`qos${qos}`, system, running, { ...SATURATED, qos, route: 'pipeline' });
      record(samples, `qos${qos}.rate`, system, saturated.msgPerSec);
      record(samples, `qos${qos}.cpu`, system, saturated.cpuUsPerMsg);
      if (qos === 0) qos0Cpu = saturated.cpuUsPerMsg;
    }
    for (const qos of [0, 1] as const) {
      const paced = await load(`lat${qos}`, system, running, { ...PACED, qos, route: 'pipeline' });
      record(samples, `lat${qos}.p50`, system, paced.latencyP50);
      record(samples, `lat${qos}.p99`, system, paced.latencyP99);
    }
    return qos0Cpu;
  });
}

/** The bare broker relaying QoS 0 from the same generators, no flow. */
async function relay(name: string, running: Running): Promise<number> {
  return withRunning(running, async () => (await load('relay', name, running, { ...SATURATED, qos: 0, route: 'relay' })).cpuUsPerMsg);
}

async function round(index: number): Promise<void> {
  const order = index % 2 === 0 ? systems : [...systems].reverse();
  // --quick leaves the raw relays out: the smoke run checks the harness, not the brokers.
  const relayCpu: Partial<Record<System, number>> = quick || !wanted('relay', 'pipeline') ? {} : {
    patchbay: await relay('patchbay-broker', await startPatchbay(undefined, { ...patchbayDocument(), flows: [], nodes: [] })),
    ...(systems.includes('nodeRed') ? { nodeRed: await relay('aedes', await startAedes()) } : {}),
  };
  if (!quick && systems.includes('nodeRed') && wanted('relay')) record(samples, 'relay.mosquitto', 'nodeRed', await relay('mosquitto', await startMosquitto()));
  for (const system of order) {
    await lifecycle(system);
    const pipelineCpu = await pipeline(system);
    const relayed = relayCpu[system];
    if (relayed === undefined || pipelineCpu === undefined) continue;
    record(samples, 'relay.cpu', system, relayed);
    record(samples, 'pipeline.relay', system, pipelineCpu / relayed);
  }
  if (!args['no-editor'] && !quick && wanted('editor')) {
    for (const system of order) {
      const editor = await measureEditor(system, EDITOR_NODES);
      for (const [key, value] of Object.entries(editor)) record(samples, `editor.${key}`, system, value);
    }
  }
}

async function main() {
  const began = Date.now();
  for (let i = 0; i < ROUNDS; i++) {
    await round(i);
    console.error(`round ${i + 1}/${ROUNDS} done after ${Math.round((Date.now() - began) / 1000)} s`);
  }
  const heading = `Patchbay vs Node-RED 4.1.15 + aedes 1.2.0, ${ROUNDS} round(s), node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; median (min–max)`;
  console.log(heading);
  console.log(table(ROWS, samples, { patchbay: 'built-in broker', nodeRed: 'runtime + aedes' }));
  console.log(faults.length ? `\nFAULTS (lost, duplicated, reordered or mis-transformed messages):\n${faults.join('\n')}` : '\nevery message arrived once, in order, transformed');
  const out = fileURLToPath(new URL('../../test-results/bench/', import.meta.url));
  await mkdir(out, { recursive: true });
  const file = quick ? 'side-by-side-quick.json' : 'side-by-side.json';
  await writeFile(`${out}${file}`, JSON.stringify({ heading, when: new Date().toISOString(), rows: ROWS, samples, faults, runs: raw }, null, 2));
  console.log(`raw results: test-results/bench/${file} (${Math.round((Date.now() - began) / 1000)} s)`);
  if (faults.length) process.exitCode = 1;
}

await main();
