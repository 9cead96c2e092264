// Sends a message, then optionally a second one after a wait, unless extended or reset
// (Node-RED's trigger node).
import { checkPropertyPath, defineNode } from '#node-api';
import { triggerConfig } from './schema.ts';
import { compileOutput } from './output-value.ts';
import { triggerHandlers } from './trigger-streams.ts';

const MS_PER_UNIT = { ms: 1, s: 1000, min: 60_000, hr: 3_600_000 } as const;

export default defineNode({
  type: 'trigger',
  version: 1,
  category: 'function',
  label: 'trigger',
  color: '#e6e0f8',
  icon: 'trigger',
  inputs: 1,
  outputs: { fromConfig: 'outputs' },
  config: triggerConfig,
  create(node) {
    const { config } = node;
    if (config.bytopic === 'topic') checkPropertyPath(config.topic, '/topic');
    return triggerHandlers(node, {
      first: compileOutput(config.op1, node, '/op1'),
      second: compileOutput(config.op2, node, '/op2'),
      durationMs: config.duration * MS_PER_UNIT[config.units],
    });
  },
});
