// Starts the systems under test as their own processes, as users run them: Patchbay (`patchbay
// start`, built-in broker), Node-RED 4 from test/bench/node_modules against a standalone aedes,
// and the bare brokers (aedes, mosquitto, Patchbay without flows) for the raw relay rows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '../../server/api/contract.ts';
import { epochNow, freePort } from './proc.ts';
import { nodeRedFlows, patchbayDocument } from './flows.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface Running {
  /** Every process of the system: CPU and memory are their sum. */
  pids: number[];
  mqttUrl: string;
  /** Editor and API base URL, for systems that have one. */
  httpUrl?: string;
  /** When the (last) process was spawned: the start of "start to first processed message". */
  spawnedAt: number;
  stop(): Promise<void>;
}

/** Extra node options for the servers' runtime processes (side-by-side's --profile adds --cpu-prof). */
export const serverNodeArgs: string[] = [];

/** Called with the broker URL just before the system's (last) process is spawned: the startup probe. */
export type OnSpawn = (mqttUrl: string) => void;

interface Spawned { child: ChildProcess; match: RegExpExecArray; spawnedAt: number }

/** Spawns a process and waits for `ready` on its stdout or stderr; its output is kept for errors. */
function spawnUntil(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Spawned> {
  const spawnedAt = epochNow();
  const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${command} ${args.join(' ')}: not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, match, spawnedAt });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Waits until something accepts TCP connections on the loopback `port` (mosquitto prints nothing to a pipe). */
async function listening(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    if (accepted) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function tempDir(prefix: string) {
  return mkdtemp(join(tmpdir(), `patchbay-bench-${prefix}-`));
}

/** `patchbay start` with `document` (by default the bench pipelines). */
export async function startPatchbay(onSpawn?: OnSpawn, document: FlowDocument = patchbayDocument()): Promise<Running> {
  const dataDir = await tempDir('patchbay');
  await writeFile(join(dataDir, 'flows.json'), JSON.stringify(document));
  const mqttPort = await freePort();
  onSpawn?.(`mqtt://127.0.0.1:${mqttPort}`);
  const { child, match, spawnedAt } = await spawnUntil(process.execPath, [
    ...serverNodeArgs, 'server/bin/patchbay.js', 'start', '--port', '0', '--mqtt-port', String(mqttPort), '--data-dir', dataDir, '--log-level', 'warn',
  ], /editor: (\S+)\s+mqtt: (\S+)/, { PATCHBAY_AUTH: 'false' });
  return {
    pids: [child.pid!], httpUrl: match[1], mqttUrl: match[2]!, spawnedAt,
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The standalone aedes process Node-RED's MQTT nodes connect to. */
export async function startAedes(): Promise<Running> {
  const { child, match, spawnedAt } = await spawnUntil(process.execPath, [join(benchDir, 'aedes-broker.js')], /mqtt: (\S+)/);
  return { pids: [child.pid!], mqttUrl: match[1]!, spawnedAt, stop: () => stopChild(child) };
}

/** Debian's mosquitto on a free loopback port, anonymous. */
export async function startMosquitto(): Promise<Running> {
  const dir = await tempDir('mosquitto');
  const port = await freePort();
  await writeFile(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\nlog_dest none\n`);
  const spawnedAt = epochNow();
  const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await listening(port);
  return {
    pids: [child.pid!], mqttUrl: `mqtt://127.0.0.1:${port}`, spawnedAt,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const NODE_RED_SETTINGS = (port: number) => `module.exports = {
  uiPort: ${port},
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: false,
  diagnostics: { enabled: false },
  runtimeState: { enabled: false },
  telemetry: { enabled: false },
  editorTheme: { tours: false, projects: { enabled: false } },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};
`;

/** Node-RED 4 (test/bench/node_modules) with `flows` (by default the bench pipelines), plus the aedes broker it needs. */
export async function startNodeRed(onSpawn?: OnSpawn, flows = nodeRedFlows): Promise<Running> {
  const broker = await startAedes();
  const userDir = await tempDir('node-red');
  const port = await freePort();
  const brokerPort = Number(new URL(broker.mqttUrl).port);
  await writeFile(join(userDir, 'settings.js'), NODE_RED_SETTINGS(port));
  await writeFile(join(userDir, 'flows.json'), JSON.stringify(flows(brokerPort)));
  try {
    onSpawn?.(broker.mqttUrl);
    const { child, spawnedAt } = await spawnUntil(process.execPath, [
      ...serverNodeArgs, join(benchDir, 'node_modules/node-red/red.js'), '--userDir', userDir, '--settings', join(userDir, 'settings.js'),
    ], /Started flows/);
    return {
      pids: [child.pid!, ...broker.pids], mqttUrl: broker.mqttUrl, httpUrl: `http://127.0.0.1:${port}`, spawnedAt,
      async stop() {
        await stopChild(child);
        await broker.stop();
        await rm(userDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await broker.stop();
    throw err;
  }
}
