// batch: makes sequences out of a stream of messages — every N messages (optionally
// overlapping), every interval, or by concatenating whole sequences of chosen topics
// (Node-RED's batch node).
import { defineNode, NodeConfigError, Type } from '#node-api';
import { concatBatches, countBatches, intervalBatches } from './modes.ts';

export default defineNode({
  type: 'batch',
  version: 1,
  category: 'sequence',
  label: 'batch',
  color: '#e2d96e',
  icon: 'batch',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    mode: Type.Union([Type.Literal('count'), Type.Literal('interval'), Type.Literal('concat')], {
      default: 'count', title: 'Mode', description: 'count: groups of a number of messages; interval: what arrived in each interval; concat: whole sequences of the listed topics, one after another',
    }),
    count: Type.Integer({ default: 10, minimum: 1, title: 'Number of messages' }),
    overlap: Type.Integer({ default: 0, minimum: 0, title: 'Overlap', description: 'How many messages of a group start the next one as well' }),
    interval: Type.Number({ default: 10, exclusiveMinimum: 0, title: 'Interval (s)' }),
    allowEmptySequence: Type.Boolean({ default: false, title: 'Send empty messages', description: 'Interval: send a message with a null payload when nothing arrived' }),
    topics: Type.Array(Type.Object({ topic: Type.String({ default: '', title: 'Topic' }) }), { default: [], title: 'Topics', description: 'Concat: the topics whose sequences are sent, in this order' }),
  }),
  create(node) {
    const { mode, count, overlap } = node.config;
    if (mode === 'count' && count <= overlap) throw new NodeConfigError('The overlap must be smaller than the number of messages', '/overlap');
    if (mode === 'count') return countBatches(node, count, overlap);
    if (mode === 'interval') return intervalBatches(node, node.config.interval * 1000, node.config.allowEmptySequence);
    return concatBatches(node, node.config.topics.map((t) => t.topic));
  },
});
