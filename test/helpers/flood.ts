// A flow that floods the editors with big debug messages, for the tests of bounded queues.
import type { FlowDocument } from '../../server/api/contract.ts';

/** Per tick: a status naming the tick, and 10 debug messages of about 60 KB each. */
const FLOOD_CODE = `
const row = 'x'.repeat(1000);
const tick = (context.get('tick') || 0) + 1;
context.set('tick', tick);
node.status({ text: 'tick ' + tick });
for (let i = 0; i < 10; i++) node.send({ payload: Array.from({ length: 60 }, (_, j) => row + j), tick });
return null;`;

/** A flow that floods debug messages: a tick every `repeatSeconds` (0.05: about 12 MB/s toward each editor). */
export const floodFlow = (repeatSeconds = 0.05): FlowDocument => ({
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'Flood' }],
  nodes: [
    { id: 'clock', type: 'inject', flow: 'f', config: { once: true, onceDelay: 0.05, repeat: repeatSeconds }, wires: [['make']] },
    { id: 'make', type: 'function', flow: 'f', config: { code: FLOOD_CODE }, wires: [['show']] },
    { id: 'show', type: 'debug', flow: 'f', config: {}, wires: [] },
  ],
});
