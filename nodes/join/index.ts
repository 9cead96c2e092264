// Joins a sequence of messages into one: reversing a split (auto), by count/timeout/
// msg.complete (manual), or reducing it with a JSONata expression (Node-RED's join node).
import { checkPropertyPath, defineNode } from '#node-api';
import { parseDelimiter } from '../split/splitter.ts';
import { joinConfig, type JoinConfig } from './schema.ts';
import { sequenceJoin } from './sequence-join.ts';
import { reduceJoin } from './reduce.ts';
import type { GroupShape } from './group.ts';

export default defineNode({
  type: 'join',
  version: 1,
  category: 'sequence',
  label: 'join',
  color: '#e2d96e',
  icon: 'join',
  inputs: 1,
  outputs: 1,
  config: joinConfig,
  create(node) {
    const { config } = node;
    if (config.mode === 'reduce') return reduceJoin(node);
    if (config.propertyType === 'msg') checkPropertyPath(config.property, '/property');
    if (config.mode === 'custom' && config.build === 'object') checkPropertyPath(config.key, '/key');
    return sequenceJoin(node, manualShape(config));
  },
});

/** How manual mode builds its single group. */
function manualShape(config: JoinConfig): GroupShape {
  if (config.build !== 'string' && config.build !== 'buffer') return { type: config.build };
  const { text, bytes } = parseDelimiter(config.joiner, config.joinerType, '/joiner');
  return { type: config.build, joiner: config.build === 'string' ? text : bytes };
}
