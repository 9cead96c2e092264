// Shared parts of the broker integration tests: a broker on an ephemeral port with its
// log captured, real mqtt.js clients, the mosquitto command-line clients, and a raw
// TCP connection that speaks mqtt-packet. Every helper registers its own teardown.
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import * as mqttPacket from 'mqtt-packet';
import { startBroker, type AccountDirectory, type BrokerAccount, type BrokerHandle, type BrokerLog, type BrokerOptions } from '../../server/broker/broker.ts';

/** Upper bound for any single wait in these tests, in ms. */
export const WAIT_MS = 5000;

/** One captured log line. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** A log that keeps what it is told, for assertions on denials. */
export function captureLog(): { log: BrokerLog; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: Record<string, unknown>, msg: string) => {
    entries.push({ level, msg, fields });
  };
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, entries };
}

/** Starts a broker on 127.0.0.1 with an ephemeral port, closed after the test. */
export async function startTestBroker(
  t: TestContext,
  opts: BrokerOptions = {},
): Promise<{ broker: BrokerHandle; url: string; entries: LogEntry[] }> {
  const { log, entries } = captureLog();
  const broker = await startBroker({ host: '127.0.0.1', tcpPort: 0, log, ...opts });
  t.after(() => broker.close());
  return { broker, url: `mqtt://127.0.0.1:${broker.ports.tcp}`, entries };
}

/** A directory over a list the test changes, as users.json changes under a running server. */
export function accountDirectory(accounts: BrokerAccount[]): AccountDirectory & { changed(): void } {
  const listeners = new Set<() => void>();
  return {
    find: (username) => accounts.find((a) => a.username === username),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changed: () => listeners.forEach((listener) => listener()),
  };
}

/** Connects an mqtt.js client (no reconnects), ended after the test. */
export async function connectClient(t: TestContext, url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: WAIT_MS, ...opts });
  t.after(() => client.endAsync(true));
  return client;
}

/** The CONNACK code an mqtt.js connect was refused with (3.1.1 return code, MQTT 5 reason code), or 'connected'. */
export async function connectOutcome(url: string, opts: IClientOptions): Promise<number | string> {
  return within(
    connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts }).then(
      async (client) => {
        await client.endAsync(true);
        return 'connected';
      },
      (err: unknown) => (err instanceof Error && 'code' in err && typeof err.code === 'number' ? err.code : String(err)),
    ),
    'the CONNACK',
  );
}

/** Rejects after `ms` unless `promise` settles first. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The next message `client` receives (on `topic` when given). */
export function nextMessage(
  client: MqttClient,
  topic?: string,
): Promise<{ topic: string; payload: Buffer; packet: mqttPacket.IPublishPacket }> {
  return within(
    new Promise((resolve) => {
      const onMessage = (got: string, payload: Buffer, packet: mqttPacket.IPublishPacket) => {
        if (topic !== undefined && got !== topic) return;
        client.off('message', onMessage);
        resolve({ topic: got, payload, packet });
      };
      client.on('message', onMessage);
    }),
    `a message on ${topic ?? 'any topic'}`,
  );
}

/** Polls `condition` every 10 ms until it holds or the wait runs out. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs a command (mosquitto_pub/_sub) to completion; killed if it outlives the wait. */
export function run(
  t: TestContext,
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return within(
    new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    }),
    `${command} ${args.join(' ')}`,
  );
}

/** A raw TCP connection to the broker that sends and reads MQTT 3.1.1 (or, when opened so, MQTT 5) packets. */
export interface RawConnection {
  socket: Socket;
  send(packet: mqttPacket.Packet): void;
  /** The next packet from the broker; rejects (and stops waiting) after `timeoutMs`. */
  next(timeoutMs?: number): Promise<mqttPacket.Packet>;
  /** Resolves when the broker has closed the connection. */
  closed(): Promise<void>;
}

/** Opens a raw connection to `port`, destroyed after the test; `version` 5 speaks MQTT 5. */
export async function rawConnection(t: TestContext, port: number, version: 4 | 5 = 4): Promise<RawConnection> {
  const socket = netConnect(port, '127.0.0.1');
  t.after(() => socket.destroy());
  await within(new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject)), 'TCP connect');
  const parser = mqttPacket.parser({ protocolVersion: version });
  const received: mqttPacket.Packet[] = [];
  const waiting: Array<(packet: mqttPacket.Packet) => void> = [];
  parser.on('packet', (packet) => {
    const waiter = waiting.shift();
    if (waiter) waiter(packet);
    else received.push(packet);
  });
  socket.on('data', (chunk) => parser.parse(chunk));
  socket.on('error', () => {
    // the broker resetting a connection it refused is what several tests provoke
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    send: (packet) => socket.write(mqttPacket.generate(packet, { protocolVersion: version })),
    next: (timeoutMs = WAIT_MS) => {
      const packet = received.shift();
      if (packet) return Promise.resolve(packet);
      return new Promise((resolve, reject) => {
        const waiter = (got: mqttPacket.Packet) => {
          clearTimeout(timer);
          resolve(got);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1); // a packet arriving later is kept for the next call
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a packet from the broker`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    closed: () => within(closed, 'the broker to close the connection'),
  };
}

/** Opens a raw MQTT 5 connection and connects as `clientId`; resolves with the CONNACK too. */
export async function rawConnect5(
  t: TestContext,
  port: number,
  fields: Partial<mqttPacket.IConnectPacket> = {},
): Promise<{ raw: RawConnection; connack: mqttPacket.IConnackPacket }> {
  const raw = await rawConnection(t, port, 5);
  raw.send(connectPacket({ protocolVersion: 5, ...fields }));
  const connack = await raw.next();
  if (connack.cmd !== 'connack') throw new Error(`expected CONNACK, got ${connack.cmd}`);
  return { raw, connack };
}

/** A CONNECT packet with the usual defaults. */
export function connectPacket(fields: Partial<mqttPacket.IConnectPacket> = {}): mqttPacket.IConnectPacket {
  return { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'raw', keepalive: 0, ...fields };
}
