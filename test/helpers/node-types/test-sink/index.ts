// Test-only node type: records every message it receives (see test/helpers/flows.ts).
import { defineNode, Type, type Message } from '#node-api';

export const received = new Map<string, Message[]>();

export default defineNode({
  type: 'test-sink',
  category: 'common',
  label: 'test sink',
  color: '#ffffff',
  help: 'Records messages for tests.',
  inputs: 1,
  outputs: 0,
  config: Type.Object({}),
  create(node) {
    const list: Message[] = [];
    received.set(node.id, list);
    return { input: (msg) => void list.push(msg) };
  },
});
