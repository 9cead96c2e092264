// unsupported-config: a config node of a type Patchbay lacks (e.g. a dashboard's ui_group),
// kept by an import with its original settings so that it goes back unchanged on export.
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'unsupported-config',
  version: 1,
  category: 'config',
  label: 'unsupported config',
  color: '#eeeeee',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    originalType: Type.String({ default: '', title: 'Original type' }),
    original: Type.Record(Type.String(), Type.Unknown(), { default: {}, title: 'Original settings' }),
  }),
  create() {},
});
