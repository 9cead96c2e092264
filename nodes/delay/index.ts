// Delays messages or limits their rate (Node-RED's delay node).
import { defineNode } from '#node-api';
import { delayConfig } from './schema.ts';
import { delayTimes } from './settings.ts';
import { depthStatus } from './depth-status.ts';
import { queueLimit } from './queue-limit.ts';
import { delayEach, messageDelay } from './delay-each.ts';
import { rateLimit } from './rate-limit.ts';
import { topicQueue } from './topic-queue.ts';

export default defineNode({
  type: 'delay',
  version: 1,
  category: 'function',
  label: 'delay',
  color: '#e6e0f8',
  icon: 'delay',
  inputs: 1,
  outputs: { fromConfig: 'outputs' },
  config: delayConfig,
  create(node) {
    const times = delayTimes(node.config);
    const limit = queueLimit(node, node.config.maxQueue);
    const tools = { depth: depthStatus(node, limit.drops), limit };
    switch (node.config.pauseType) {
      case 'delay':
        return delayEach(node, () => times.delayMs, tools);
      case 'delayv':
        return delayEach(node, (msg) => messageDelay(msg.delay) ?? times.delayMs, tools);
      case 'random':
        return delayEach(node, () => times.randomMinMs + Math.random() * (times.randomMaxMs - times.randomMinMs), tools);
      case 'rate':
        return rateLimit(node, times.intervalMs, tools);
      case 'queue':
      case 'timed':
        return topicQueue(node, times.intervalMs, tools);
    }
  },
});
