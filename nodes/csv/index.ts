// csv: converts between CSV text and objects (Node-RED's csv node, RFC 4180 mode): rows come
// out one message each (a sequence) or as one array; objects or arrays go in as CSV text.
import { cloneMessage, defineNode, type Message, Type } from '#node-api';
import { columnsText, templateColumns, unescape } from './columns.ts';

export default defineNode({
  type: 'csv',
  version: 1,
  category: 'parser',
  label: 'csv',
  color: '#debd5c',
  icon: 'parser-csv',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    temp: Type.String({ default: '', title: 'Columns', description: 'Column names, comma separated (an empty name skips a column); empty: col1, col2, ... or the header row' }),
    sep: Type.String({ default: ',', minLength: 1, title: 'Separator', description: 'e.g. , ; \\t' }),
    hdrin: Type.Boolean({ default: false, title: 'First row holds column names' }),
    hdrout: Type.Union([Type.Literal('none'), Type.Literal('all'), Type.Literal('once')], {
      default: 'none', title: 'Write column names', description: 'none; all: a header row in every message; once: in the first message only (until msg.reset)',
    }),
    multi: Type.Union([Type.Literal('one'), Type.Literal('mult')], { default: 'one', title: 'Output', description: 'one: a message per row; mult: one message with an array of rows' }),
    ret: Type.String({ default: '\\n', title: 'Line end', description: 'Between rows of written CSV: \\n or \\r\\n' }),
    skip: Type.Integer({ default: 0, minimum: 0, title: 'Skip first lines' }),
    strings: Type.Boolean({ default: true, title: 'Parse numbers', description: 'Unquoted numbers become numbers' }),
    include_empty_strings: Type.Boolean({ default: false, title: 'Include empty strings', description: 'Keep "" (quoted empty) fields' }),
    include_null_values: Type.Boolean({ default: false, title: 'Include null values', description: 'Keep empty fields, as null' }),
  }),
  async create(node) {
    const { config } = node;
    // The parser and writer (csv-parse, csv-stringify) are imported when a csv node is deployed, not at every start.
    const [{ parseCsv }, { writeCsv }] = await Promise.all([import('./parse.ts'), import('./write.ts')]);
    const sep = unescape(config.sep);
    const lineEnd = unescape(config.ret);
    const template = templateColumns(config.temp);
    let headerSent = false;
    return {
      input(msg, send) {
        if (Object.hasOwn(msg, 'reset')) headerSent = false;
        if (!Object.hasOwn(msg, 'payload')) {
          if (!Object.hasOwn(msg, 'reset')) send(msg); // nothing to convert: passed on, as in Node-RED
          return;
        }
        if (typeof msg.payload === 'string') return send(fromCsv(msg, msg.payload));
        if (typeof msg.payload !== 'object' || msg.payload === null) {
          node.warn('Dropped: the payload is neither CSV text nor an object or array');
          return;
        }
        const rows = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
        const columns = template.length ? template : typeof msg.columns === 'string' && msg.columns ? templateColumns(msg.columns) : firstKeys(rows);
        const withHeader = config.hdrout === 'all' || (config.hdrout === 'once' && !headerSent);
        if (config.hdrout === 'once') headerSent = true;
        msg.payload = writeCsv(rows, { sep, lineEnd, columns, header: withHeader && columns.length ? columns : undefined });
        msg.columns = columnsText(columns);
        if (msg.payload !== '') send(msg);
      },
    };

    function fromCsv(msg: Message, text: string): Message[][] | Message {
      const { rows, columns } = parseCsv(text, {
        sep, columns: template, headerRow: config.hdrin, skip: config.skip, parseNumbers: config.strings,
        includeEmpty: config.include_empty_strings, includeNull: config.include_null_values,
      });
      msg.columns = columnsText(columns);
      if (config.multi === 'mult') {
        msg.payload = rows;
        return msg;
      }
      return [rows.map((row, index) => ({ ...cloneMessage({ ...msg, payload: undefined }), payload: row, parts: { id: msg._msgid, index, count: rows.length } }))];
    }
  },
});

function firstKeys(rows: unknown[]): string[] {
  const first = rows.find((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
  return first ? Object.keys(first) : [];
}
