// The load generator, one process per generator so that it is not the bottleneck and its CPU
// is not the server's: several publisher connections and one subscriber over TCP, every
// message numbered and timestamped, every reply checked (lost, duplicated, out of order,
// mis-transformed). Driven by side-by-side.ts through argv (options) and stdin (the schedule);
// prints one JSON line with its result. Its MQTT client is lean-mqtt.ts, not mqtt.js: the
// generator's CPU per message must stay well below the server's on a machine they share.
//
//   node --import tsx test/bench/loadgen.ts '<LoadOptions as JSON>'
import { createInterface } from 'node:readline';

import { LeanMqtt } from './lean-mqtt.ts';
import { isTransformed, Tracker, type Reply } from './reply-check.ts';
import { epochNow, percentile } from './proc.ts';
import type { LoadOptions, LoadResult, Schedule } from './load-types.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
const outTopic = `bench/q${options.qos}/out/${options.generator}`;
const inTopic = options.route === 'pipeline' ? `bench/q${options.qos}/in/${options.generator}` : outTopic;
/** Drain deadline after the last send: whatever has not arrived by then is lost. */
const DRAIN_MS = 5000;

/** A 160-byte (options.payloadBytes) JSON object: publisher, sequence, send time, padding. */
function payload(p: number, s: number): string {
  const head = `{"g":${options.generator},"p":${p},"s":${s},"t":${epochNow().toFixed(3)},"x":"`;
  return head + 'x'.repeat(Math.max(0, options.payloadBytes - head.length - 2)) + '"}';
}

async function run(schedule: Schedule, publishers: LeanMqtt[], subscriber: LeanMqtt): Promise<LoadResult> {
  const tracker = new Tracker(publishers.length);
  const sent = publishers.map(() => 0);
  const latencies: number[] = [];
  let malformed = 0;
  let measured = 0;
  let sending = false;
  let onDrained = () => {};

  /** Sends publisher `p`'s next `count` messages in one write. */
  const send = (p: number, count: number) => {
    const payloads = Array.from({ length: count }, (_, i) => payload(p, sent[p]! + i));
    publishers[p]!.publish(inTopic, payloads, options.qos);
    sent[p]! += count;
  };
  const topUp = (p: number) => {
    const room = options.window - (sent[p]! - tracker.unique[p]!);
    if (sending && room > 0) send(p, room);
  };
  const outstanding = () => sent.reduce((sum, n, p) => sum + n - tracker.unique[p]!, 0);

  const check = (buffer: Buffer, at: number) => {
    let reply: Reply;
    try {
      reply = JSON.parse(buffer.toString()) as Reply;
    } catch {
      malformed++;
      return;
    }
    if (!isTransformed(reply, options)) return void malformed++;
    if (!tracker.record(reply.p, reply.s)) return;
    if (at >= schedule.measureFrom && at < schedule.measureTo) {
      measured++;
      latencies.push(at - reply.t);
    }
  };
  // Top-ups after a whole read, not per reply: one write per publisher for the replies it freed.
  subscriber.onMessages = (buffers) => {
    const at = epochNow();
    for (const buffer of buffers) check(buffer, at);
    if (options.rate === undefined) publishers.forEach((_client, p) => topUp(p));
    if (!sending && outstanding() === 0) onDrained();
  };

  await sleepUntil(schedule.start);
  const cpuBefore = process.cpuUsage();
  sending = true;
  if (options.rate === undefined) publishers.forEach((_client, p) => topUp(p));
  else await paced(options.rate, schedule.measureTo, send, publishers.length);
  await sleepUntil(schedule.measureTo);
  sending = false;
  const drained = new Promise<void>((resolve) => {
    onDrained = resolve;
    if (outstanding() === 0) resolve();
  });
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const totalSent = sent.reduce((a, b) => a + b, 0);
  const received = tracker.unique.reduce((a, b) => a + b, 0);
  return {
    sent: totalSent, received, measured,
    lost: totalSent - received, duplicated: tracker.duplicated, reordered: tracker.reordered, malformed,
    latencyP50: percentile(latencies, 50), latencyP99: percentile(latencies, 99),
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** Sends `rate` messages per second spread over the publishers until `until`. */
async function paced(rate: number, until: number, send: (p: number, count: number) => void, publishers: number): Promise<void> {
  const started = epochNow();
  let count = 0;
  while (epochNow() < until) {
    const due = Math.floor(((epochNow() - started) * rate) / 1000);
    // publisher p sends messages p, p + publishers, …: its share of count..due
    for (let p = 0; p < publishers; p++) {
      const share = Math.ceil((due - p) / publishers) - Math.ceil((count - p) / publishers);
      if (share > 0) send(p, share);
    }
    count = due;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function sleepUntil(time: number): Promise<void> {
  const wait = time - epochNow();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Reads the schedule from the first stdin line, after "ready" went out. */
function schedule(): Promise<Schedule> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) => lines.once('line', (line) => {
    lines.close();
    resolve(JSON.parse(line) as Schedule);
  }));
}

async function main() {
  const id = `bench-${process.pid}`;
  const subscriber = await LeanMqtt.connect(options.url, `${id}-sub`);
  await subscriber.subscribe(outTopic, options.qos);
  const publishers = await Promise.all(Array.from({ length: options.publishers }, (_, p) => LeanMqtt.connect(options.url, `${id}-pub${p}`)));
  console.log(JSON.stringify({ ready: true }));
  const result = await run(await schedule(), publishers, subscriber);
  console.log(JSON.stringify(result));
  await Promise.all([subscriber, ...publishers].map((client) => client.end()));
  process.exit(0);
}

await main();
