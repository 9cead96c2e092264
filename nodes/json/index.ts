// json: converts a property between a JSON string and the value it encodes (Node-RED's
// json node).
import { checkPropertyPath, defineNode, getProperty, setProperty, Type } from '#node-api';

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
    return {
      input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) return send(msg); // nothing to convert: passed on, as in Node-RED
        const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
        if (typeof text === 'string') {
          // A JSON.parse SyntaxError carries the parser's own message to the catch nodes.
          setProperty(msg, property, action === 'str' ? text : JSON.parse(text));
        } else if (typeof text === 'object' || typeof text === 'number' || typeof text === 'boolean') {
          if (action !== 'obj') setProperty(msg, property, JSON.stringify(text, null, indent));
        } else {
          node.warn(`Dropped: a ${typeof text} cannot be converted to or from JSON`);
          return;
        }
        send(msg);
      },
    };
  },
});
