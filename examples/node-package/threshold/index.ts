// A thermostat-style switch: "on" once the value rises above `high`, "off" once it falls
// below `low`, nothing in between — so a value hovering at the limit doesn't flap a relay.
import { defineNode, getProperty, NodeConfigError, Type } from 'patchbay/node-api';

export default defineNode({
  type: 'threshold',
  category: 'function',
  label: 'threshold',
  color: '#f3b567',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'Message property holding the number' }),
    high: Type.Number({ default: 22, title: 'Switch on above' }),
    low: Type.Number({ default: 20, title: 'Switch off below' }),
  }),
  create(node) {
    const { property, high, low } = node.config;
    if (low > high) throw new NodeConfigError(`"Switch off below" (${low}) must not be above "Switch on above" (${high})`, '/low');
    let state: 'on' | 'off' | undefined;
    return {
      input(msg, send) {
        const value = Number(getProperty(msg, property));
        if (Number.isNaN(value)) throw new Error(`msg.${property} is not a number`);
        const next = value > high ? 'on' : value < low ? 'off' : state;
        if (next === state || next === undefined) return;
        state = next;
        node.status({ fill: state === 'on' ? 'green' : 'grey', shape: 'dot', text: `${state} at ${value}` });
        send({ ...msg, payload: state });
      },
    };
  },
});
