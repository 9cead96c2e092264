// What a new data dir starts with: one small flow that shows the basics.
import type { FlowDocument } from '../api/contract.ts';

export const STARTER_FLOWS: FlowDocument = {
  format: 'patchbay-flows',
  version: 1,
  flows: [{ id: 'welcome', label: 'Welcome' }],
  nodes: [
    {
      id: 'welcome-note', type: 'comment', flow: 'welcome', name: 'Press the button on "Say hello", then open the debug sidebar',
      x: 260, y: 40, config: { info: 'Wire nodes from the palette, press **Deploy**, and watch messages arrive in the debug sidebar.' }, wires: [],
    },
    {
      id: 'say-hello', type: 'inject', flow: 'welcome', name: 'Say hello', x: 120, y: 120,
      config: { payload: { type: 'str', value: 'Hello from Patchbay' }, topic: 'greeting' }, wires: [['shout']],
    },
    {
      id: 'shout', type: 'function', flow: 'welcome', name: 'Shout', x: 320, y: 120,
      config: { code: 'msg.payload = String(msg.payload).toUpperCase() + "!";\nreturn msg;', outputs: 1 }, wires: [['show']],
    },
    { id: 'show', type: 'debug', flow: 'welcome', name: 'Show', x: 520, y: 120, config: { property: 'payload' }, wires: [] },
  ],
};
