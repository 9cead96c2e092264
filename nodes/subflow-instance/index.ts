// subflow-instance: one use of a subflow template (Node-RED's "subflow:<id>" node). At deploy
// the runtime replaces it with copies of the template's nodes; the instance itself stays as
// the subflow's input, passing what it receives to the nodes inside, and shows the status
// its status port sets.
import { defineNode, type NodeStatus, Type } from '#node-api';
import { EnvVar } from '../group/env-var.ts';
import { SUBFLOW_STATUS, type StatusMessage } from './status-relay.ts';

export default defineNode({
  type: 'subflow-instance',
  version: 1,
  category: 'common',
  label: 'subflow',
  color: '#DDAA99',
  icon: 'subflow',
  hidden: true,
  inputs: { fromConfig: 'input' },
  outputs: { fromConfig: 'outputs' },
  config: Type.Object({
    subflow: Type.String({ default: '', title: 'Subflow', description: 'The id of the subflow template', 'x-config-node': 'subflow' }),
    env: Type.Array(EnvVar, { default: [], title: 'Properties', description: 'This instance\'s values of the template\'s properties' }),
    input: Type.Boolean({ default: false, title: 'Has an input', description: 'Follows the template' }),
    outputs: Type.Integer({ default: 0, minimum: 0, title: 'Outputs', description: 'Follows the template' }),
  }),
  create(node) {
    return {
      input(msg: StatusMessage, send) {
        const status = msg[SUBFLOW_STATUS];
        if (status) node.status(statusOf(status.payload));
        else send(msg);
      },
    };
  },
});

/** Node-RED's status port: an object with fill/shape/text, or anything else shown as text. */
function statusOf(payload: unknown): NodeStatus {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const { fill, shape, text } = payload as Record<string, unknown>;
    const status: NodeStatus = {};
    if (typeof fill === 'string') status.fill = fill as NodeStatus['fill'];
    if (shape === 'ring' || shape === 'dot') status.shape = shape;
    if (text !== undefined) status.text = String(text);
    return status;
  }
  return payload === undefined || payload === '' ? {} : { text: String(payload) };
}
