// json: converts a property between a JSON string and the value it encodes (Node-RED's
// json node), validating it against msg.schema when the message carries one.
import { checkPropertyPath, defineNode, errorMessage, getProperty, type Message, NodeRuntimeError, type Outgoing, setProperty, Type } from '#node-api';
import type { SchemaValidator } from './schema-validator.ts';

export default defineNode({
  type: 'json',
  version: 1,
  category: 'parser',
  label: 'json',
  color: '#debd5c',
  icon: 'parser-json',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property to convert' }),
    action: Type.Union([Type.Literal(''), Type.Literal('str'), Type.Literal('obj')], {
      default: '', title: 'Action', description: '"": convert between JSON string and value either way; str: always a JSON string; obj: always a value',
    }),
    pretty: Type.Boolean({ default: false, title: 'Format JSON string', description: 'Indent the JSON it writes (4 spaces)' }),
  }),
  create(node) {
    const { property, action, pretty } = node.config;
    checkPropertyPath(property, '/property');
    const indent = pretty ? 4 : 0;
    /** Ajv's validator, imported at the first message carrying a schema: most json nodes never see one. */
    let schemas: SchemaValidator | undefined;
    /** While it is imported, messages wait here in arrival order (the router does not wait that long). */
    let queue: Promise<unknown> | undefined;
    let queued = 0;

    /** Node-RED checks the value (parsed, or before stringifying) only when msg.schema is set. */
    const validate = (msg: Message, value: unknown) => {
      if (!msg.schema) return;
      const result = schemas!.check(msg.schema, value);
      if (result.valid) {
        delete msg.schema; // as in Node-RED: a validated message no longer carries its schema
        return;
      }
      msg.schemaError = result.errors; // thrown with msg, so catch nodes see the errors
      throw new NodeRuntimeError(`JSON Schema error: ${result.text}`, 'JSON_SCHEMA_INVALID');
    };

    const convert = (msg: Message, send: (out: Outgoing) => void) => {
      const value = getProperty(msg, property);
      if (value === undefined) return send(msg); // nothing to convert: passed on, as in Node-RED
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
      if (typeof text === 'string') {
        const parsed = action === 'str' && !msg.schema ? undefined : parse(text);
        validate(msg, parsed);
        setProperty(msg, property, action === 'str' ? text : parsed);
      } else if (typeof text === 'object' || typeof text === 'number' || typeof text === 'boolean') {
        validate(msg, text);
        if (action !== 'obj') setProperty(msg, property, JSON.stringify(text, null, indent));
      } else {
        node.warn(`Dropped: a ${typeof text} cannot be converted to or from JSON`);
        return;
      }
      send(msg);
    };

    return {
      input(msg, send) {
        if (!queue && (schemas || !msg.schema)) return convert(msg, send);
        queue ??= import('./schema-validator.ts').then(({ SchemaValidator }) => { schemas = new SchemaValidator(); });
        queued++;
        const turn = queue.then(() => convert(msg, send)).finally(() => { if (--queued === 0) queue = undefined; });
        queue = turn.catch(() => undefined); // a message's error is its own: the next one still runs
        return turn;
      },
    };
  },
});

/** JSON.parse with a code; the parser's own message reaches the catch nodes, as in Node-RED. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NodeRuntimeError(errorMessage(err), 'JSON_PARSE_FAILED');
  }
}
