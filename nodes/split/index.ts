// Splits a string, Buffer, array or object into a sequence of messages, each with msg.parts so
// that join can put them back together (Node-RED's split node).
import { checkPropertyPath, cloneMessage, defineNode, getProperty, type Message, setProperty, showWhen, Type, warnDrops } from '#node-api';
import { parseSplitBy } from './splitter.ts';
import { Sequencer } from './sequence.ts';

export default defineNode({
  type: 'split',
  version: 1,
  category: 'sequence',
  label: 'split',
  color: '#e2d96e',
  icon: 'split',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Split', description: 'Message property to split' }),
    splt: Type.String({ default: '\\n', title: 'Split strings and Buffers using', description: 'Text delimiter (\\n, \\r, \\t allowed), a JSON byte array for "bin", or a length for "len"' }),
    spltType: Type.Union([Type.Literal('str'), Type.Literal('bin'), Type.Literal('len')], {
      default: 'str', title: 'Split type', description: 'str: at a text delimiter; bin: at a byte sequence; len: into fixed-length chunks',
    }),
    stream: Type.Boolean({ default: false, title: 'Handle as a stream of messages', description: 'Keep an unfinished last piece and put it in front of the next message (msg.parts.count is then not set)' }),
    maxPiece: Type.Integer({
      default: 1_000_000, minimum: 0, title: 'Longest unfinished piece',
      description: 'Stream mode: the most characters (or bytes) kept while waiting for a delimiter; a longer piece is dropped up to the next delimiter, counted and warned about. 0 = no limit',
      ...showWhen({ stream: [true] }),
    }),
    arraySplt: Type.Integer({ default: 1, minimum: 1, title: 'Split arrays into chunks of', description: 'Array elements per message; 1 sends each element itself' }),
    addname: Type.String({ default: '', title: 'Copy key to', description: 'Object split: message property that also receives the key (e.g. topic); empty for none' }),
  }),
  create(node) {
    const { config } = node;
    checkPropertyPath(config.property, '/property');
    if (config.addname) checkPropertyPath(config.addname, '/addname');
    const drops = warnDrops(node, `over-long piece(s) dropped: no delimiter within ${config.maxPiece} characters or bytes`, { status: true });
    const sequencer = new Sequencer(parseSplitBy(config.splt, config.spltType), config.stream, config.arraySplt, { maxPiece: config.maxPiece, dropped: () => drops.add() });
    return {
      input(msg, send) {
        // Like Node-RED, a value that can't be split is dropped.
        const sequence = sequencer.split(getProperty(msg, config.property));
        if (!sequence) return;
        const outer = msg.parts;
        const id = node.newMessageId();
        const out: Message[] = sequence.pieces.map((piece, i) => {
          const key = sequence.keys?.[i];
          setProperty(msg, config.property, piece);
          if (key !== undefined && config.addname) setProperty(msg, config.addname, key);
          msg.parts = {
            id,
            type: sequence.type,
            index: sequence.firstIndex + i,
            ...(sequence.counted && { count: sequence.pieces.length }),
            ...sequence.info,
            ...(key !== undefined && { key }),
            ...(outer !== undefined && { parts: outer }), // a split inside a split: join restores the outer parts
          };
          const part = cloneMessage(msg);
          part._msgid = node.newMessageId();
          return part;
        });
        send([out]);
      },
    };
  },
});
