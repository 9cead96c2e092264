// junction: a point where wires meet or split, with no logic (Node-RED's junction).
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'junction',
  version: 1,
  category: 'common',
  label: 'junction',
  color: '#dddddd',
  inputs: 1,
  outputs: 1,
  config: Type.Object({}),
  create: () => ({
    input(msg, send) {
      send(msg);
    },
  }),
});
