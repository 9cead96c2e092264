// MQTT-in → transform → MQTT-out through Patchbay's built-in broker: throughput and latency
// as an outside client sees them (publisher and subscriber are mqtt.js clients over TCP).
//
//   node --import tsx test/bench/mqtt-throughput.ts [messages] [round trips]
//
// Prints figures only; a later issue runs Node-RED side by side on the same machine.
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { startBroker } from '../../server/broker/broker.ts';
import { MqttConnectionPool } from '../../server/mqtt/connection-pool.ts';
import { connectWithNoDelay } from '../../server/mqtt/no-delay.ts';
import { runFlows, silentLog } from '../helpers/flows.ts';

const MESSAGES = Number(process.argv[2] ?? 20_000);
const ROUND_TRIPS = Number(process.argv[3] ?? 2_000);
const WARM_UP = 500;
/** Messages in flight at most during the throughput run, so the client measures the flow, not its own queue. */
const WINDOW = 500;

type QoS = 0 | 1;

interface Result {
  qos: QoS;
  throughput: number;
  loaded: number[];
  sequential: number[];
}

async function connected(url: string): Promise<MqttClient> {
  // The driver's sockets get TCP_NODELAY too: a fair client, as the flow's own sockets would be.
  const client = connectWithNoDelay(url, { reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

async function measure(qos: QoS): Promise<Result> {
  const broker = await startBroker({ host: '127.0.0.1', tcpPort: 0, sysInterval: 0 });
  const pool = new MqttConnectionPool({ builtin: broker, log: silentLog });
  const flows = await runFlows([
    { id: 'in', type: 'mqtt-in', config: { topic: 'bench/in', qos, parse: 'auto' }, wires: [['transform']] },
    { id: 'transform', type: 'function', config: { code: 'msg.payload.n += 1;\nreturn msg;' }, wires: [['out']] },
    { id: 'out', type: 'mqtt-out', config: { topic: 'bench/out', qos, retain: false } },
  ], { capabilities: { mqtt: (node) => pool.capability(node) } });
  const url = `mqtt://127.0.0.1:${broker.ports.tcp}`;
  const publisher = await connected(url);
  const subscriber = await connected(url);
  await subscriber.subscribeAsync('bench/out', { qos });

  const sentAt = new Map<number, number>();
  let onReply: (n: number, latency: number) => void = () => {};
  subscriber.on('message', (_topic, payload) => {
    const n = (JSON.parse(payload.toString()) as { n: number }).n - 1;
    const start = sentAt.get(n);
    if (start === undefined) throw new Error(`unexpected reply ${n + 1}`);
    sentAt.delete(n);
    onReply(n, performance.now() - start);
  });
  const send = (n: number) => {
    sentAt.set(n, performance.now());
    publisher.publish('bench/in', JSON.stringify({ n }), { qos });
  };

  /** Sends `count` messages from `first`, at most `window` unanswered; resolves with each latency. */
  const run = (first: number, count: number, window: number) => new Promise<number[]>((resolve) => {
    const latencies: number[] = [];
    let next = first;
    const end = first + count;
    onReply = (_n, latency) => {
      latencies.push(latency);
      if (latencies.length === count) resolve(latencies);
      else if (next < end) send(next++);
    };
    while (next < end && next - first < window) send(next++);
  });

  await run(0, WARM_UP, WINDOW);
  const started = performance.now();
  const loaded = await run(WARM_UP, MESSAGES, WINDOW);
  const throughput = MESSAGES / ((performance.now() - started) / 1000);
  const sequential = await run(WARM_UP + MESSAGES, ROUND_TRIPS, 1);

  await Promise.all([publisher.endAsync(), subscriber.endAsync()]);
  await flows.stop();
  await pool.close();
  await broker.close();
  return { qos, throughput, loaded, sequential };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function describe(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
}

const results: Result[] = [];
for (const qos of [0, 1] as const) results.push(await measure(qos));

console.log(`mqtt-in → function → mqtt-out, built-in broker, mqtt.js clients over TCP (node ${process.version})`);
for (const r of results) {
  console.log(`QoS ${r.qos}: ${Math.round(r.throughput).toLocaleString('en')} msg/s over ${MESSAGES} messages (window ${WINDOW}); ` +
    `latency under load ${describe(r.loaded)}; one at a time (${ROUND_TRIPS} round trips) ${describe(r.sequential)}`);
}
