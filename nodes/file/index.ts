// file: writes msg.payload to a file (append or overwrite) or deletes the file, then passes the
// message on (Node-RED's "file" node). Files live inside the files directory only.
import { defineNode, errorMessage, type Message, NodeRuntimeError, Type } from '#node-api';
import { filenameFields, filenameOf } from './filename.ts';

const ENCODINGS = ['none', 'utf8', 'ascii', 'latin1', 'binary', 'base64', 'hex', 'utf16le', 'setbymsg'] as const;

export default defineNode({
  type: 'file',
  version: 1,
  category: 'storage',
  label: 'write file',
  color: '#87a980',
  icon: 'file-out',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    ...filenameFields,
    overwriteFile: Type.Union([Type.Literal('false'), Type.Literal('true'), Type.Literal('delete')], {
      default: 'false', title: 'Action', description: 'false: append to the file; true: overwrite it; delete: delete it',
    }),
    appendNewline: Type.Boolean({ default: true, title: 'Add a newline', description: 'After each payload that is not a Buffer' }),
    createDir: Type.Boolean({ default: false, title: 'Create the directory if it does not exist' }),
    encoding: Type.Union(ENCODINGS.map((e) => Type.Literal(e)), { default: 'none', title: 'Encoding', description: 'none: UTF-8; setbymsg: msg.encoding' }),
  }),
  create(node) {
    const { config } = node;
    // One write at a time, in arrival order, as Node-RED queues them.
    let queue: Promise<unknown> = Promise.resolve();
    const handle = async (msg: Message): Promise<boolean> => {
      const name = filenameOf(config, node, msg);
      if (name === '') {
        node.warn('No filename given');
        return false;
      }
      node.files.resolve(name); // FILE_OUTSIDE_DIR before anything else
      msg.filename = name;
      if (config.overwriteFile === 'delete') {
        await node.files.remove(name).catch((err: unknown) => { throw new NodeRuntimeError(`Cannot delete ${name}: ${errorMessage(err)}`, 'FILE_DELETE_FAILED'); });
        return true;
      }
      if (msg.payload === undefined) return false;
      const data = bytesOf(msg, config.appendNewline, config.encoding === 'setbymsg' ? msg.encoding : config.encoding);
      await node.files.write(name, data, { append: config.overwriteFile !== 'true', createDir: config.createDir })
        .catch((err: unknown) => { throw new NodeRuntimeError(`Cannot write ${name}: ${errorMessage(err)}`, 'FILE_WRITE_FAILED'); });
      return true;
    };
    return {
      input(msg, send) {
        const run = queue.then(() => handle(msg)).then((sent) => { if (sent) send(msg); });
        queue = run.catch(() => undefined);
        return run;
      },
      close: () => queue.then(() => undefined),
    };
  },
});

/** Objects as JSON, numbers and booleans as text, Buffers as they are (Node-RED's rules). */
function bytesOf(msg: Message, newline: boolean, encoding: unknown): Buffer {
  const { payload } = msg;
  if (Buffer.isBuffer(payload)) return payload;
  let text = typeof payload === 'object' ? JSON.stringify(payload) : String(payload);
  if (newline) text += '\n'; // os.EOL in Node-RED: "\n" on the systems Patchbay runs on
  const enc = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
  return Buffer.from(text, enc);
}
