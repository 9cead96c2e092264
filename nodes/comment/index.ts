// comment: a note on the canvas, with markdown details in the help panel. Does nothing at runtime.
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'comment',
  version: 1,
  category: 'common',
  label: 'comment',
  color: '#ffffff',
  icon: 'comment',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    info: Type.String({ default: '', format: 'markdown', title: 'Details', description: 'Markdown shown with the comment; the node name is its title on the canvas' }),
  }),
  create() {},
});
