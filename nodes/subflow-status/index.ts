// subflow-status: made by the runtime for a subflow instance whose template has a status
// port; what reaches it sets that instance's status.
import { defineNode, type Message, Type } from '#node-api';
import { SUBFLOW_STATUS } from '../subflow-instance/status-relay.ts';

export default defineNode({
  type: 'subflow-status',
  version: 1,
  category: 'common',
  label: 'subflow status',
  color: '#DDAA99',
  hidden: true,
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    instance: Type.String({ default: '', title: 'Instance', description: 'The subflow instance whose status is set' }),
  }),
  create(node) {
    return {
      input(msg) {
        const wrapped: Message = { _msgid: msg._msgid, [SUBFLOW_STATUS]: msg };
        node.deliverTo(node.config.instance, wrapped);
      },
    };
  },
});
