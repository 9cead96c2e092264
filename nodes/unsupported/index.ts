// unsupported: a node of a type Patchbay lacks, kept by an import with its original settings
// and wires so that it goes back unchanged on export. A deploy refuses it only where it would
// run: enabled, on an enabled flow, with wires into or out of it (see server/runtime/flow-expansion.ts).
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'unsupported',
  version: 1,
  category: 'common',
  label: 'unsupported',
  color: '#eeeeee',
  hidden: true,
  inputs: { fromConfig: 'input' },
  outputs: { fromConfig: 'outputs' },
  config: Type.Object({
    originalType: Type.String({ default: '', title: 'Original type' }),
    original: Type.Record(Type.String(), Type.Unknown(), { default: {}, title: 'Original settings' }),
    input: Type.Boolean({ default: false, title: 'Has an input' }),
    outputs: Type.Integer({ default: 0, minimum: 0, title: 'Outputs' }),
  }),
  create() {},
});
