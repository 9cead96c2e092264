// Test-only node type: throws an Error whose message is msg.payload, or sets its status.
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'test-throw',
  category: 'common',
  label: 'test throw',
  color: '#ffffff',
  help: 'Fails on every message (for catch-node tests); `msg.status` sets its status instead.',
  inputs: 1,
  outputs: 1,
  config: Type.Object({}),
  create(node) {
    return {
      input(msg) {
        if (msg.status) node.status(msg.status as object);
        else throw new Error(String(msg.payload));
      },
    };
  },
});
