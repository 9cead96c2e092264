// Real MQTT parts for tests: the built-in broker on an ephemeral port, an external Mosquitto
// started per test, mqtt.js clients, the mosquitto_pub/sub command-line clients, and flows
// whose nodes reach MQTT through a connection pool. Every helper registers its teardown (see onTeardown).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as connectTcp, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsync, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { hashPassword, startBroker, type BrokerHandle, type BrokerOptions, type BrokerUser } from '../../server/broker/broker.ts';
import { MqttConnectionPool, type MqttPoolOptions } from '../../server/mqtt/connection-pool.ts';
import { runFlows, silentLog, type RunOptions, type TestFlows, type TestNode } from './flows.ts';

export interface Teardown {
  after(fn: () => unknown): void;
}

const stacks = new WeakMap<Teardown, Array<() => unknown>>();

/**
 * Registers `fn` to run after the test, in reverse order of registration (node:test runs
 * `after` hooks first-in first-out): flows stop before their pool closes, the pool before its broker.
 */
export function onTeardown(t: Teardown, fn: () => unknown): void {
  let stack = stacks.get(t);
  if (!stack) {
    const fns: Array<() => unknown> = [];
    stack = fns;
    stacks.set(t, fns);
    t.after(async () => {
      for (const undo of fns.reverse()) await undo();
    });
  }
  stack.push(fn);
}

/** A port nothing listens on right now (bind to 0, read it, let it go). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `check` returns true; rejects after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The built-in broker on 127.0.0.1, an ephemeral port, in memory. */
export async function startBuiltin(t: Teardown, opts: BrokerOptions = {}): Promise<BrokerHandle & { url: string }> {
  const broker = await startBroker({ host: '127.0.0.1', tcpPort: 0, sysInterval: 0, ...opts });
  onTeardown(t, () => broker.close());
  return Object.assign(broker, { url: `mqtt://127.0.0.1:${broker.ports.tcp}` });
}

/** A broker account with `password` hashed as the broker stores it. */
export async function brokerUser(username: string, password: string): Promise<BrokerUser> {
  return { username, password: await hashPassword(password) };
}

export interface Mosquitto {
  port: number;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** An external Mosquitto on an ephemeral port; `lines` are extra mosquitto.conf lines. */
export async function startMosquitto(t: Teardown, lines: string[] = []): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', ...lines, ''].join('\n'));
  let proc: ChildProcess | undefined;
  let output = '';
  const mosquitto: Mosquitto = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child;
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      const deadline = Date.now() + 5000;
      while (!(await acceptsConnections(port))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`mosquitto did not start on port ${port}: ${output}`);
        await sleep(20);
      }
    },
    async stop() {
      const child = proc;
      proc = undefined;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  onTeardown(t, async () => {
    await mosquitto.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await mosquitto.start();
  return mosquitto;
}

/** A connection pool closed after the test. */
export function startPool(t: Teardown, opts: Omit<MqttPoolOptions, 'log'>): MqttConnectionPool {
  const pool = new MqttConnectionPool({ log: silentLog, backoff: { firstMs: 100, maxMs: 1000 }, ...opts });
  onTeardown(t, () => pool.close());
  return pool;
}

/** runFlows with `node.mqtt` served by `pool`; stopped after the test (before the pool closes). */
export async function mqttFlows(t: Teardown, pool: MqttConnectionPool, nodes: TestNode[], opts: RunOptions = {}): Promise<TestFlows> {
  const flows = await runFlows(nodes, { ...opts, capabilities: { mqtt: (node) => pool.capability(node) } });
  onTeardown(t, () => flows.stop());
  return flows;
}

/** An mqtt.js client, connected, ended after the test. */
export async function mqttClient(t: Teardown, url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(url, { reconnectPeriod: 0, ...opts });
  onTeardown(t, () => client.endAsync(true));
  return client;
}

export interface Received {
  topic: string;
  payload: Buffer;
  packet: IPublishPacket;
}

/** Collects what `client` receives; `waitFor(n)` resolves with the first n messages. */
export function collect(client: MqttClient): { list: Received[]; waitFor(n: number, timeoutMs?: number): Promise<Received[]> } {
  const list: Received[] = [];
  client.on('message', (topic, payload, packet) => list.push({ topic, payload, packet }));
  return {
    list,
    async waitFor(n, timeoutMs = 3000) {
      await waitUntil(() => list.length >= n, timeoutMs, `${n} MQTT message(s)`);
      return list.slice(0, n);
    },
  };
}

/** Runs a command-line client (mosquitto_pub, mosquitto_sub) to completion; rejects on failure or timeout. */
export function runTool(command: string, args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} timed out: ${err}`)); }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err}`));
    });
  });
}

/**
 * Starts `mosquitto_sub` and resolves once `ready` says its subscription is in place, with
 * the promise of its output (wrapped: an async function would wait for the promise it returns).
 */
export async function mosquittoSub(port: number, args: string[], ready: () => Promise<void>, timeoutMs = 5000): Promise<{ output: Promise<string> }> {
  const output = runTool('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), ...args], timeoutMs);
  output.catch(() => undefined); // observed by the caller; this only keeps an early failure from going unhandled
  await ready();
  return { output };
}

/** The built-in broker, a pool on it, and `nodes` deployed with node.mqtt from that pool. */
export async function builtinFlows(t: Teardown, nodes: TestNode[], opts: RunOptions = {}) {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  const flows = await mqttFlows(t, pool, nodes, opts);
  return { broker, pool, flows };
}

/** The errors a deploy of `nodes` fails with (node:test's assert.rejects can't return them). */
export interface DeployError {
  node: string | null;
  path: string;
  message: string;
}

export async function deployErrors(t: Teardown, pool: MqttConnectionPool, nodes: TestNode[], opts: RunOptions = {}): Promise<DeployError[]> {
  try {
    await mqttFlows(t, pool, nodes, opts);
  } catch (err) {
    const { errors, details } = err as { errors?: DeployError[]; details?: DeployError[] };
    return errors ?? details ?? [];
  }
  throw new Error('the deploy succeeded');
}

/** Resolves once the broker counts `count` subscriptions (in-process and network clients). */
export function subscriptions(broker: BrokerHandle, count: number, timeoutMs = 2000): Promise<void> {
  return waitUntil(() => broker.stats().subscriptions === count, timeoutMs, `${count} subscription(s) (have ${broker.stats().subscriptions})`);
}

/**
 * For subscriptions on a broker whose counters a test can't read (Mosquitto): publishes to
 * `topic` every 50 ms until `arrived()` says one got through, so what follows is not lost.
 */
export async function probe(client: MqttClient, topic: string, arrived: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!arrived()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: nothing published to ${topic} arrived`);
    await client.publishAsync(topic, 'probe', { qos: 1 });
    await sleep(50);
  }
}

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** PEM text of the self-signed certificate: a client's CA for it. */
  cert: string;
}

/** A throwaway self-signed certificate for 127.0.0.1, readable by a Mosquitto that dropped root. */
export async function selfSignedCertificate(t: Teardown): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-tls-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await runTool('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], 20_000);
  await chmod(dir, 0o755);
  await chmod(keyFile, 0o644);
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8') };
}
