// xml: converts a property between an XML string and a JavaScript object (Node-RED's xml
// node, with xml2js as Node-RED uses: attributes under "$", text under "_" by default).
import type xml2js from 'xml2js';
import { checkPropertyPath, defineNode, errorMessage, getProperty, type Message, NodeRuntimeError, setProperty, Type } from '#node-api';

export default defineNode({
  type: 'xml',
  version: 1,
  category: 'parser',
  label: 'xml',
  color: '#debd5c',
  icon: 'parser-xml',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property to convert' }),
    attr: Type.String({ default: '', title: 'Attribute key', description: 'Key that holds an element\'s attributes; empty = "$"' }),
    chr: Type.String({ default: '', title: 'Text key', description: 'Key that holds an element\'s text when it also has attributes; empty = "_"' }),
  }),
  async create(node) {
    const { property, attr, chr } = node.config;
    checkPropertyPath(property, '/property');
    // Imported when an xml node is deployed, not at every start.
    const { default: xml } = await import('xml2js');
    return {
      async input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) return send(msg); // nothing to convert: passed on, as in Node-RED
        if (typeof value === 'object' && value !== null) {
          setProperty(msg, property, build(xml, value, msg));
        } else if (typeof value === 'string') {
          const given = optionsOf(msg);
          const key = (own: string, name: string, fallback: string) => own || (typeof given[name] === 'string' ? given[name] as string : fallback);
          const options: xml2js.ParserOptions = { ...given, attrkey: key(attr, 'attrkey', '$'), charkey: key(chr, 'charkey', '_') };
          setProperty(msg, property, plain(await parse(xml, value, options)));
        } else {
          node.warn(`Dropped: a ${typeof value} is neither XML text nor an object`);
          return;
        }
        send(msg);
      },
    };
  },
});

/** msg.options carries xml2js options, as in Node-RED. */
function optionsOf(msg: Message): Record<string, unknown> {
  return typeof msg.options === 'object' && msg.options !== null ? msg.options as Record<string, unknown> : {};
}

function build(xml: typeof xml2js, value: object, msg: Message): string {
  const options = typeof msg.options === 'object' && msg.options !== null ? msg.options as xml2js.BuilderOptions : { renderOpts: { pretty: false } };
  try {
    return new xml.Builder(options).buildObject(value);
  } catch (err) {
    throw new NodeRuntimeError(`Cannot write it as XML: ${errorMessage(err)}`, 'XML_BUILD_FAILED');
  }
}

async function parse(xml: typeof xml2js, text: string, options: xml2js.ParserOptions): Promise<unknown> {
  try {
    return await xml.parseStringPromise(text, options);
  } catch (err) {
    throw new NodeRuntimeError(errorMessage(err), 'XML_PARSE_FAILED');
  }
}

/** xml2js gives objects without a prototype; downstream code expects ordinary ones (as Node-RED makes them). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
