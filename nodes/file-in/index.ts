// file in: reads a file into msg.payload — as a string, a Buffer, one message per line or a
// stream of Buffer chunks (Node-RED's "file in"). Files live inside the files directory only.
import { cloneMessage, defineNode, errorMessage, type Message, NodeRuntimeError, Type } from '#node-api';
import { filenameFields, filenameOf } from '../file/filename.ts';

export default defineNode({
  type: 'file-in',
  version: 1,
  category: 'storage',
  label: 'read file',
  color: '#87a980',
  icon: 'file-in',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    ...filenameFields,
    format: Type.Union([Type.Literal('utf8'), Type.Literal('lines'), Type.Literal(''), Type.Literal('stream')], {
      default: 'utf8', title: 'Output', description: 'utf8: one string; lines: a message per line; "": one Buffer; stream: a message per chunk (Buffers)',
    }),
    encoding: Type.String({ default: 'none', title: 'Encoding', description: 'none: UTF-8, else a Node.js encoding (latin1, utf16le, ...)' }),
    allProps: Type.Boolean({ default: false, title: 'Keep all message properties', description: 'lines and stream: each message copies the incoming one (else only topic and filename)' }),
    sendError: Type.Boolean({ default: false, title: 'Send a message on error', description: 'Besides reporting it: the message without payload, with msg.error' }),
  }),
  create(node) {
    const { config } = node;
    const encoding = config.encoding !== 'none' && Buffer.isEncoding(config.encoding) ? config.encoding : 'utf8';
    const base = (msg: Message): Message => (config.allProps ? cloneMessage(msg) : { _msgid: node.newMessageId(), topic: msg.topic, filename: msg.filename });
    return {
      async input(msg, send) {
        const name = filenameOf(config, node, msg);
        if (name === '') {
          node.warn('No filename given');
          return;
        }
        node.files.resolve(name); // FILE_OUTSIDE_DIR before anything else
        msg.filename = name;
        try {
          const data = await node.files.read(name);
          if (config.format === 'lines') return sendLines(data.toString(encoding), msg, base, send);
          if (config.format === 'stream') return sendChunks(data, msg, base, send);
          msg.payload = config.format === 'utf8' ? data.toString(encoding) : data;
          send(msg);
        } catch (err) {
          if (err instanceof NodeRuntimeError) throw err;
          const failure = new NodeRuntimeError(errorMessage(err), 'FILE_READ_FAILED');
          if (config.sendError) {
            const out = cloneMessage(msg);
            delete out.payload;
            out.error = { message: failure.message, code: failure.code };
            send(out);
          }
          throw failure;
        }
      },
    };
  },
});

type Send = (out: Message | Message[][]) => void;

/** Node-RED's lines: a message per line; the last (what follows the last newline) carries the count. */
function sendLines(text: string, msg: Message, base: (m: Message) => Message, send: Send): void {
  const lines = text.split('\n');
  send([lines.map((line, index) => ({
    ...base(msg), payload: line,
    parts: { index, ch: '\n', type: 'string', id: msg._msgid, ...(index === lines.length - 1 && { count: lines.length }) },
  }))]);
}

/** Node-RED's stream: Buffer chunks of a read stream's size (64 KiB); the last carries the count. */
const CHUNK = 64 * 1024;

function sendChunks(data: Buffer, msg: Message, base: (m: Message) => Message, send: Send): void {
  const count = Math.max(1, Math.ceil(data.length / CHUNK));
  send([Array.from({ length: count }, (_, index) => ({
    ...base(msg), payload: data.subarray(index * CHUNK, (index + 1) * CHUNK),
    parts: { index, ch: '', type: 'buffer', id: msg._msgid, ...(index === count - 1 && { count }) },
  }))]);
}
