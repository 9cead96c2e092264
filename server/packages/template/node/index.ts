// __NODE_TYPE__: adds a prefix to a message property. Replace this with your node's job; the
// schema below is the editor's form, the deploy's validation and the type of `node.config`.
import { defineNode, getProperty, NodeConfigError, setProperty, Type } from 'patchbay/node-api';

export default defineNode({
  type: '__NODE_TYPE__',
  category: 'function',
  label: '__NODE_TYPE__',
  color: '#a6bbcf',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property to change' }),
    prefix: Type.String({ default: 'hello ', title: 'Prefix' }),
  }),
  create(node) {
    const { property, prefix } = node.config;
    if (!property) throw new NodeConfigError('Property must not be empty', '/property');
    let count = 0;
    return {
      input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) throw new Error(`msg.${property} is not set`);
        setProperty(msg, property, `${prefix}${String(value)}`);
        count += 1;
        node.status({ fill: 'green', shape: 'dot', text: `${count} sent` });
        send(msg);
      },
    };
  },
});
