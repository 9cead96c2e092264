// group: a named box drawn around nodes, with a style and environment variables its nodes
// read (Node-RED's group). Nodes name their group in their `group` key; groups may nest.
import { defineNode, Type } from '#node-api';
import { EnvVar } from './env-var.ts';

export default defineNode({
  type: 'group',
  version: 1,
  category: 'common',
  label: 'group',
  color: '#ffffff',
  icon: 'group',
  hidden: true,
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    w: Type.Number({ default: 200, minimum: 0, title: 'Width' }),
    h: Type.Number({ default: 100, minimum: 0, title: 'Height' }),
    style: Type.Record(Type.String(), Type.Unknown(), {
      default: {}, title: 'Style', description: 'Node-RED\'s style keys: stroke, fill, fill-opacity, label (show the name), label-position, color',
    }),
    env: Type.Array(EnvVar, { default: [], title: 'Environment variables', description: 'Read by the nodes in the group (and nested groups) before the flow\'s' }),
  }),
  create() {},
});
