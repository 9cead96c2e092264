// The same flows for both systems: the MQTT pipeline (MQTT in → function → MQTT out) and the
// big flows of the deploy and editor rows, as a Patchbay document and as Node-RED flow JSON.
import type { FlowDocument, FlowNode } from '../../server/api/contract.ts';

/**
 * The function both runtimes run: marks the message (checked by the generator) and routes it
 * back to the generator's topic. One pipeline per QoS: bench/q<qos>/in/<g> → bench/q<qos>/out/<g>.
 */
const transform = (qos: 0 | 1) => `msg.payload.s2 = msg.payload.s * 2;\nmsg.topic = 'bench/q${qos}/out/' + msg.payload.g;\nreturn msg;`;

const COLUMNS = 30;
const BIG_TYPES = ['inject', 'change', 'debug'] as const;

/** Where the i-th node of a big flow goes and what it is wired to: chains of inject → change → debug. */
function bigNode(i: number, count: number) {
  const type = BIG_TYPES[i % 3]!;
  const next = i % 3 < 2 && i + 1 < count ? [`n${i + 1}`] : [];
  return { id: `n${i}`, type, x: (i % COLUMNS) * 220 + 100, y: Math.floor(i / COLUMNS) * 80 + 60, next };
}

function patchbayPipeline(qos: 0 | 1): FlowNode[] {
  const y = 60 + qos * 100;
  return [
    { id: `in${qos}`, type: 'mqtt-in', flow: 'bench', x: 100, y, config: { topic: `bench/q${qos}/in/+`, qos, parse: 'auto' }, wires: [[`fn${qos}`]] },
    { id: `fn${qos}`, type: 'function', flow: 'bench', x: 300, y, config: { code: transform(qos), outputs: 1 }, wires: [[`out${qos}`]] },
    { id: `out${qos}`, type: 'mqtt-out', flow: 'bench', x: 500, y, config: { topic: '', qos, retain: false }, wires: [] },
  ];
}

function patchbayBigNodes(count: number, flow: string): FlowNode[] {
  return Array.from({ length: count }, (_, i) => {
    const { id, type, x, y, next } = bigNode(i, count);
    const config = type === 'debug' ? { console: false }
      : type === 'change' ? { rules: [{ t: 'set', p: 'payload', to: { type: 'num', value: '1' } }] } : {};
    return { id: `${flow}-${id}`, type, flow, name: `${type} ${i}`, x, y, config, wires: type === 'debug' ? [] : [next.map((n) => `${flow}-${n}`)] };
  });
}

/** Only a big flow, on the document's first (and only) tab: what the editor opens. */
export function patchbayBigDocument(count: number): FlowDocument {
  return { format: 'patchbay-flows', version: 1, flows: [{ id: 'big', label: `${count} nodes` }], nodes: patchbayBigNodes(count, 'big') };
}

/** A Patchbay document: the QoS 0 and QoS 1 pipelines on one tab and, optionally, a big flow on another. */
export function patchbayDocument(bigCount = 0): FlowDocument {
  const flows = [{ id: 'bench', label: 'bench' }, ...(bigCount ? [{ id: 'big', label: `${bigCount} nodes` }] : [])];
  return { format: 'patchbay-flows', version: 1, flows, nodes: [...patchbayPipeline(0), ...patchbayPipeline(1), ...patchbayBigNodes(bigCount, 'big')] };
}

type NodeRedNode = Record<string, unknown> & { id: string; type: string };

function nodeRedPipeline(qos: 0 | 1): NodeRedNode[] {
  const y = 60 + qos * 100;
  return [
    { id: `in${qos}`, type: 'mqtt in', z: 'bench', topic: `bench/q${qos}/in/+`, qos: String(qos), datatype: 'auto-detect', broker: 'broker', nl: false, rap: true, rh: 0, inputs: 0, x: 100, y, wires: [[`fn${qos}`]] },
    { id: `fn${qos}`, type: 'function', z: 'bench', func: transform(qos), outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y, wires: [[`out${qos}`]] },
    { id: `out${qos}`, type: 'mqtt out', z: 'bench', topic: '', qos: String(qos), retain: 'false', respTopic: '', contentType: '', userProps: '', correl: '', expiry: '', broker: 'broker', x: 500, y, wires: [] },
  ];
}

function nodeRedBigNodes(count: number, tab: string): NodeRedNode[] {
  return Array.from({ length: count }, (_, i) => {
    const { id, type, x, y, next } = bigNode(i, count);
    const common = { id: `${tab}-${id}`, type, z: tab, name: `${type} ${i}`, x, y };
    if (type === 'inject') {
      return { ...common, props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '', payloadType: 'date', wires: [next.map((n) => `${tab}-${n}`)] };
    }
    if (type === 'change') {
      return { ...common, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '1', tot: 'num' }], wires: [next.map((n) => `${tab}-${n}`)] };
    }
    return { ...common, active: false, tosidebar: true, console: false, tostatus: false, complete: 'false', targetType: 'msg', wires: [] };
  });
}

/** Node-RED flow JSON with only a big flow, for the editor. */
export function nodeRedBigFlows(count: number): NodeRedNode[] {
  return [{ id: 'big', type: 'tab', label: `${count} nodes` }, ...nodeRedBigNodes(count, 'big')];
}

/** Node-RED flow JSON: both pipelines against the aedes broker on `brokerPort` and, optionally, a big flow. */
export function nodeRedFlows(brokerPort: number, bigCount = 0): NodeRedNode[] {
  const broker = {
    id: 'broker', type: 'mqtt-broker', name: 'aedes', broker: '127.0.0.1', port: String(brokerPort), clientid: '',
    autoConnect: true, usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true, autoUnsubscribe: true,
  };
  const big = bigCount ? [{ id: 'big', type: 'tab', label: `${bigCount} nodes` }, ...nodeRedBigNodes(bigCount, 'big')] : [];
  return [{ id: 'bench', type: 'tab', label: 'bench' }, broker, ...nodeRedPipeline(0), ...nodeRedPipeline(1), ...big];
}
