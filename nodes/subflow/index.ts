// subflow: a template of nodes reused as one node (Node-RED's subflow). The template's nodes
// sit on a flow whose id is the template's; instances (subflow-instance) run copies of them.
import { defineNode, Type } from '#node-api';
import { EnvVar } from '../group/env-var.ts';

const Wire = Type.Object({ id: Type.String(), port: Type.Optional(Type.Integer({ minimum: 0 })) });
const Port = Type.Object({
  x: Type.Number({ default: 0 }),
  y: Type.Number({ default: 0 }),
  wires: Type.Array(Wire, { default: [] }),
});

export default defineNode({
  type: 'subflow',
  version: 1,
  category: 'config',
  label: 'subflow',
  color: '#DDAA99',
  icon: 'subflow',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    info: Type.String({ default: '', format: 'markdown', title: 'Description' }),
    category: Type.String({ default: '', title: 'Palette category' }),
    color: Type.String({ default: '#DDAA99', title: 'Colour' }),
    icon: Type.String({ default: '', title: 'Icon' }),
    in: Type.Array(Port, { default: [], maxItems: 1, title: 'Input', description: 'At most one; its wires name the nodes inside that receive what the instance receives' }),
    out: Type.Array(Port, { default: [], title: 'Outputs', description: 'One per output; each lists the nodes (and ports) inside that send to it' }),
    status: { ...Port, default: { x: 0, y: 0, wires: [] }, title: 'Status', description: 'Its wires name the nodes (and ports) inside whose messages set the instance\'s status' },
    env: Type.Array(EnvVar, { default: [], title: 'Properties', description: 'Environment variables with their default values; each instance may set its own' }),
    inputLabels: Type.Array(Type.String(), { default: [], title: 'Input label' }),
    outputLabels: Type.Array(Type.String(), { default: [], title: 'Output labels' }),
  }),
  create() {},
});
