// Reports the status changes of other nodes (Node-RED's status node) as messages with
// msg.status = { fill, shape, text, source }.
import { defineNode, Type } from '#node-api';
import { scopeConfig, watchScope } from './scope.ts';

export default defineNode({
  type: 'status',
  version: 1,
  category: 'common',
  label: 'status',
  color: '#94c1d0',
  icon: 'status',
  inputs: 0,
  outputs: 1,
  config: Type.Object(scopeConfig('Report status from')),
  create(node) {
    node.watch('status', watchScope(node.config), ({ source, status }) => node.send({
      _msgid: node.newMessageId(),
      status: { ...status, source: { id: source.id, type: source.type, name: source.name ?? '' } },
    }));
  },
});
