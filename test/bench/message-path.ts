// The runtime's message path on its own: how long one hop takes through chains of core nodes,
// and what a fan-out to several wires costs (every wire but the first gets a deep copy).
//
//   node --import tsx test/bench/message-path.ts [messages]
//
// Prints figures only; a later issue runs Node-RED side by side on the same machine.
import { performance } from 'node:perf_hooks';
import { runFlows, type TestNode } from '../helpers/flows.ts';

const MESSAGES = Number(process.argv[2] ?? 100_000);
const HOPS = 10;
const FAN_OUT = 4;

/** One node of a chain: its type and config; `next` is the id it is wired to. */
type Stage = (id: string, next: string) => TestNode;

const STAGES: Record<string, Stage> = {
  change: (id, next) => ({
    id, type: 'change', wires: [[next]],
    config: { rules: [{ t: 'set', p: 'payload.hops', to: { type: 'num', value: '1' } }] },
  }),
  switch: (id, next) => ({
    id, type: 'switch', wires: [[next]],
    config: { property: 'payload.temp', rules: [{ t: 'gt', v: '10', vt: 'num' }] },
  }),
  function: (id, next) => ({
    id, type: 'function', wires: [[next]],
    config: { code: 'msg.payload.hops = (msg.payload.hops || 0) + 1; return msg;', outputs: 1 },
  }),
};

function chain(stage: Stage): TestNode[] {
  const nodes = Array.from({ length: HOPS }, (_, i) => stage(`n${i}`, i + 1 < HOPS ? `n${i + 1}` : 'sink'));
  return [...nodes, { id: 'sink', type: 'test-sink' }];
}

function fanOut(): TestNode[] {
  const sinks = Array.from({ length: FAN_OUT }, (_, i) => `sink${i}`);
  return [{ ...STAGES.change!('split', ''), wires: [sinks] }, ...sinks.map((id) => ({ id, type: 'test-sink' }))];
}

/** Sends MESSAGES sensor-like messages into `first` and times until `last` has them all. */
async function run(nodes: TestNode[], first: string, last: string): Promise<number> {
  const flows = await runFlows(nodes);
  try {
    const message = (i: number) => ({ topic: 'sensors/hall', payload: { temp: 20 + (i % 5), humidity: 40, battery: 90 } });
    const started = performance.now();
    for (let i = 0; i < MESSAGES; i++) flows.send(first, message(i));
    await flows.waitFor(last, MESSAGES, 120_000);
    return performance.now() - started;
  } finally {
    await flows.stop();
  }
}

console.log(`runtime message path, ${MESSAGES} messages (node ${process.version})`);
for (const [name, stage] of Object.entries(STAGES)) {
  const ms = await run(chain(stage), 'n0', 'sink');
  console.log(`${name.padEnd(9)} chain of ${HOPS}: ${((ms * 1000) / (MESSAGES * HOPS)).toFixed(2)} µs per hop, ${Math.round(MESSAGES / (ms / 1000)).toLocaleString('en')} msg/s through the chain`);
}
const ms = await run(fanOut(), 'split', `sink${FAN_OUT - 1}`);
console.log(`fan-out to ${FAN_OUT} wires: ${((ms * 1000) / MESSAGES).toFixed(2)} µs per message (${FAN_OUT - 1} deep copies each)`);
