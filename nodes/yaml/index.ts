// yaml: converts a property between a YAML string and the value it encodes (Node-RED's yaml
// node, with js-yaml as Node-RED uses).
import yaml from 'js-yaml';
import { checkPropertyPath, defineNode, errorMessage, getProperty, NodeRuntimeError, setProperty, Type } from '#node-api';

export default defineNode({
  type: 'yaml',
  version: 1,
  category: 'parser',
  label: 'yaml',
  color: '#debd5c',
  icon: 'parser-yaml',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property to convert' }),
  }),
  create(node) {
    const { property } = node.config;
    checkPropertyPath(property, '/property');
    return {
      input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) return send(msg); // nothing to convert: passed on, as in Node-RED
        if (typeof value === 'string') {
          setProperty(msg, property, parse(value));
        } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
          setProperty(msg, property, dump(value));
        } else {
          node.warn(Buffer.isBuffer(value) ? 'Dropped: a Buffer cannot be converted to YAML' : `Dropped: a ${value === null ? 'null' : typeof value} is neither YAML text nor an object`);
          return;
        }
        send(msg);
      },
    };
  },
});

function parse(text: string): unknown {
  try {
    return yaml.load(text);
  } catch (err) {
    throw new NodeRuntimeError(errorMessage(err), 'YAML_PARSE_FAILED');
  }
}

function dump(value: object): string {
  try {
    return yaml.dump(value);
  } catch (err) {
    throw new NodeRuntimeError(`Cannot write it as YAML: ${errorMessage(err)}`, 'YAML_DUMP_FAILED');
  }
}
