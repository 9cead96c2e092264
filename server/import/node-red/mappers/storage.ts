// The "storage" palette: file (write), file in (read) and watch. Paths are kept; Patchbay
// resolves them inside its files directory, so absolute paths from another machine need a look.
import type { MapContext, NodeMapping } from '../mapper.ts';
import type { NrNode } from '../types.ts';
import { flag, text } from '../values.ts';

/** Node-RED before 3.0 used an empty filename for msg.filename; 3.0+ has a typed input. */
function filename(nr: NrNode, ctx: MapContext) {
  let name = text(nr.filename);
  let type = text(nr.filenameType);
  if (type === '') {
    if (name === '') [name, type] = ['filename', 'msg'];
    else if (/^\$\{[^}]+\}$/.test(name)) [name, type] = [name.slice(2, -1), 'env'];
    else type = 'str';
  }
  if (!['str', 'msg', 'env'].includes(type)) {
    ctx.note(`a filename of type "${type}" is read as text`);
    type = 'str';
  }
  if (type === 'str' && name.startsWith('/')) ctx.note(`the absolute path ${name} must lie inside Patchbay's files directory`);
  return { filename: name, filenameType: type };
}

const file: NodeMapping = {
  nodeRed: 'file',
  patchbay: 'file',
  toPatchbay(nr, ctx) {
    const overwrite = text(nr.overwriteFile, 'false');
    const encoding = text(nr.encoding, 'none');
    const known = ['none', 'utf8', 'ascii', 'latin1', 'binary', 'base64', 'hex', 'utf16le', 'setbymsg'];
    if (!known.includes(encoding)) ctx.note(`encoding "${encoding}" is written as UTF-8`);
    return {
      config: {
        ...filename(nr, ctx),
        overwriteFile: ['true', 'delete'].includes(overwrite) ? overwrite : 'false',
        appendNewline: flag(nr.appendNewline, true),
        createDir: flag(nr.createDir),
        encoding: known.includes(encoding) ? encoding : 'none',
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config }),
};

const fileIn: NodeMapping = {
  nodeRed: 'file in',
  patchbay: 'file-in',
  toPatchbay(nr, ctx) {
    const format = ['utf8', 'lines', '', 'stream'].includes(text(nr.format, 'utf8')) ? text(nr.format, 'utf8') : 'utf8';
    return {
      config: {
        ...filename(nr, ctx), format, encoding: text(nr.encoding, 'none'),
        allProps: flag(nr.allProps), sendError: flag(nr.sendError),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, chunk: false }),
};

const watch: NodeMapping = {
  nodeRed: 'watch',
  patchbay: 'watch',
  toPatchbay(nr, ctx) {
    const files = text(nr.files);
    if (files.split(',').some((f) => f.trim().startsWith('/'))) ctx.note('absolute paths must lie inside Patchbay\'s files directory');
    return { config: { files, recursive: flag(nr.recursive) } };
  },
  toNodeRed: ({ config }) => ({ files: config.files, recursive: config.recursive === true }),
};

export const storageMappings: NodeMapping[] = [file, fileIn, watch];
