// Test-only node type: fails to start (always, or once it has run before), or never finishes
// closing, as its config says.
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
    /** Fails every start after the first of this id and label: a previous node that can't come back. */
    failOnRestart: Type.Boolean({ default: false }),
    hangOnClose: Type.Boolean({ default: false }),
    label: Type.String({ default: '' }),
  }),
  create(node) {
    if (node.config.failOnStart) throw new NodeConfigError('refusing to start', '/failOnStart');
    const start = `${node.id}:${node.config.label}`;
    if (node.config.failOnRestart && starts.includes(start)) throw new NodeConfigError('cannot start again', '/failOnRestart');
    starts.push(start);
    return { close: () => (node.config.hangOnClose ? new Promise<void>(() => undefined) : undefined) };
  },
});
