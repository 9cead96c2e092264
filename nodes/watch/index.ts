// watch: sends a message when a file or directory inside the files directory changes
// (Node-RED's watch node).
import { defineNode, errorMessage, NodeConfigError, Type } from '#node-api';

export default defineNode({
  type: 'watch',
  version: 1,
  category: 'storage',
  label: 'watch',
  color: '#87a980',
  icon: 'watch',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    files: Type.String({ default: '', title: 'Files', description: 'Files or directories to watch, comma separated, relative to the files directory' }),
    recursive: Type.Boolean({ default: false, title: 'Watch sub-directories' }),
  }),
  create(node) {
    const names = node.config.files.split(',').map((f) => f.trim()).filter(Boolean);
    if (names.length === 0) throw new NodeConfigError('Name at least one file or directory to watch', '/files');
    const stops = names.map((name) => {
      try {
        // Node-RED's message: the path, its name, what it is now (file, directory, or gone) and its size.
        return node.files.watch(name, { recursive: node.config.recursive }, (change) => node.send({
          _msgid: node.newMessageId(),
          payload: change.path,
          topic: change.path,
          file: change.name,
          filename: change.path,
          event: change.type === 'none' ? 'remove' : 'update',
          type: change.type,
          ...(change.size !== undefined && { size: change.size }),
        }));
      } catch (err) {
        throw new NodeConfigError(`Cannot watch "${name}": ${errorMessage(err)}`, '/files');
      }
    });
    return { close: () => { for (const stop of stops) stop(); } };
  },
});
