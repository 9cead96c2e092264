// Small catalogue and document builders shared by the editor-graph tests.
import type { FlowNode, NodeTypeInfo } from '../../../editor/src/graph/types.ts';
import { fromFlowDocument } from '../../../editor/src/graph/document.ts';

function info(partial: Partial<NodeTypeInfo> & Pick<NodeTypeInfo, 'type'>): NodeTypeInfo {
  return {
    version: 1, category: 'common', label: partial.type, color: '#a6bbcf', inputs: 1, outputs: 1,
    schema: { type: 'object', properties: {} }, help: '', module: 'test', ...partial,
  };
}

export const inject = info({
  type: 'inject', inputs: 0, button: true,
  schema: {
    type: 'object', required: ['payload', 'repeat'],
    properties: {
      payload: { type: 'object', default: { type: 'date', value: '' }, 'x-typed-value': ['date', 'str'] },
      topic: { type: 'string' },
      repeat: { type: 'number', minimum: 0 },
    },
  },
});
export const debug = info({ type: 'debug', outputs: 0 });
export const fn = info({
  type: 'function', category: 'function', outputs: { fromConfig: 'outputs' },
  schema: { type: 'object', properties: { outputs: { type: 'integer', default: 1 }, code: { type: 'string', format: 'javascript', default: 'return msg;' } } },
});
/** Like Node-RED's switch: one output per rule. */
export const switchType = info({
  type: 'switch', category: 'function', outputs: { fromConfig: 'rules' },
  schema: { type: 'object', properties: { rules: { type: 'array', items: { type: 'object' }, default: [{ t: 'eq', v: '' }] } } },
});
export const broker = info({ type: 'mqtt-broker', category: 'config', inputs: 0, outputs: 0,
  schema: { type: 'object', properties: { url: { type: 'string', default: 'mqtt://localhost' } } } });

/** Like mqtt in: an input only in dynamic mode. */
export const mqttIn = info({
  type: 'mqtt-in', category: 'network', inputs: { fromConfig: 'dynamic' },
  schema: { type: 'object', properties: { topic: { type: 'string', default: '' }, dynamic: { type: 'boolean', default: false } } },
});

export const catalogue = new Map([inject, debug, fn, broker].map((t) => [t.type, t]));

export function node(id: string, type: string, extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type, flow: 't1', x: 0, y: 0, config: {}, wires: type === 'debug' ? [] : [[]], ...extra };
}

/** t1: a → b → c, plus config node cfg referenced by a. */
export function sampleDoc() {
  return fromFlowDocument({
    flows: [{ id: 't1', label: 'Flow 1' }, { id: 't2', label: 'Flow 2' }],
    nodes: [
      node('a', 'inject', { config: { broker: 'cfg' }, wires: [['b']] }),
      node('b', 'function', { config: { outputs: 1 }, wires: [['c']] }),
      node('c', 'debug'),
      { id: 'cfg', type: 'mqtt-broker', config: { url: 'mqtt://x' } },
    ],
  });
}

/** A counter-based id generator, so renamed ids are predictable. */
export function sequentialIds(prefix = 'n') {
  let n = 0;
  return () => `${prefix}${++n}`;
}
