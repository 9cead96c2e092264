// Test-only node type: fails to start, or never finishes closing, as its config says.
import { defineNode, NodeConfigError, Type } from '#node-api';

export const starts: string[] = [];

export default defineNode({
  type: 'test-lifecycle',
  category: 'common',
  label: 'test lifecycle',
  color: '#ffffff',
  help: 'Misbehaves on start or close (for runtime tests).',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    failOnStart: Type.Boolean({ default: false }),
    hangOnClose: Type.Boolean({ default: false }),
    label: Type.String({ default: '' }),
  }),
  create(node) {
    if (node.config.failOnStart) throw new NodeConfigError('refusing to start', '/failOnStart');
    starts.push(`${node.id}:${node.config.label}`);
    return { close: () => (node.config.hangOnClose ? new Promise<void>(() => undefined) : undefined) };
  },
});
