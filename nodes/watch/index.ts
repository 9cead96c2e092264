// watch: sends a message when a file or directory inside the files directory changes
// (Node-RED's watch node).
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
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
    const watchers: FSWatcher[] = [];
    for (const name of names) {
      let path: string;
      try {
        path = node.files.resolve(name);
      } catch (err) {
        throw new NodeConfigError(errorMessage(err), '/files');
      }
      try {
        const watcher = watch(path, { recursive: node.config.recursive, signal: node.signal }, (_event, changed) => {
          const full = changed ? join(path, changed.toString()) : path;
          void report(full);
        });
        watcher.on('error', (err) => node.error(err));
        watchers.push(watcher);
      } catch (err) {
        throw new NodeConfigError(`Cannot watch "${name}": ${errorMessage(err)}`, '/files');
      }
    }

    /** Node-RED's message: the path, its name, what it is now (file, directory, or gone) and its size. */
    async function report(full: string): Promise<void> {
      const info = await stat(full).catch(() => undefined);
      const name = relative(node.files.root, full);
      node.send({
        _msgid: node.newMessageId(),
        payload: name,
        topic: name,
        file: basename(full),
        filename: name,
        event: info ? 'update' : 'remove',
        type: info ? (info.isDirectory() ? 'directory' : 'file') : 'none',
        ...(info?.isFile() && { size: info.size }),
      });
    }
    return { close: () => { for (const w of watchers) w.close(); } };
  },
});
