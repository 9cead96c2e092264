// Fires when one of the selected nodes has finished handling a message (Node-RED's complete
// node): sends a copy of that message.
import { cloneMessage, defineNode, Type } from '#node-api';

export default defineNode({
  type: 'complete',
  version: 1,
  category: 'common',
  label: 'complete',
  color: '#c0edc0',
  icon: 'complete',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    nodes: Type.Array(Type.String(), { default: [], title: 'Nodes', description: 'Ids of the nodes whose completed messages to report' }),
  }),
  create(node) {
    // Always a list: without one the watch would cover the whole flow, which Node-RED's complete node never does.
    node.watch('complete', { nodes: node.config.nodes }, ({ source, msg }) => {
      const out = cloneMessage(msg);
      // As Node-RED: which node completed the message.
      out.complete = { source: { id: source.id, type: source.type, name: source.name ?? '' } };
      node.send(out);
    });
  },
});
