// MQTT: the mqtt-broker config node (host, port and TLS become one URL and settings), mqtt in and mqtt out.
import type { FlowNode } from '../../../api/contract.ts';
import type { MapContext, NodeMapping } from '../mapper.ts';
import type { NrNode } from '../types.ts';
import { flag, isRecord, number, text } from '../values.ts';

const qos = (value: unknown, ctx: MapContext, what: string) => {
  const n = number(value, 0, ctx, what);
  return n === 1 || n === 2 ? n : 0;
};

/** Node-RED's broker field is a host name, or a whole URL (ws://host:port/mqtt) since 2.0. */
function brokerUrl(nr: NrNode, ctx: MapContext): string {
  const host = text(nr.broker).trim();
  if (/^[a-z]+:\/\//i.test(host)) return host;
  const tls = flag(nr.usetls);
  const port = number(nr.port, tls ? 8883 : 1883, ctx, 'port');
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host || 'localhost';
  return `${tls ? 'mqtts' : 'mqtt'}://${name}:${port}`;
}

/** A birth, close or will message; Node-RED spreads each over four fields with a prefix. */
function announcement(nr: NrNode, prefix: string, ctx: MapContext) {
  const topic = text(nr[`${prefix}Topic`]);
  if (topic && isRecord(nr[`${prefix}Msg`]) && Object.keys(nr[`${prefix}Msg`] as object).length) {
    ctx.note(`the MQTT 5 properties of the ${prefix} message are not kept`);
  }
  return { topic, payload: text(nr[`${prefix}Payload`]), qos: qos(nr[`${prefix}Qos`], ctx, `${prefix} QoS`), retain: flag(nr[`${prefix}Retain`]) };
}

/** The tls-config node's settings, copied in: Patchbay keeps TLS on the broker connection itself. */
function tlsSettings(nr: NrNode, ctx: MapContext, credentials: Record<string, string>) {
  const tls = typeof nr.tls === 'string' ? ctx.entries.get(nr.tls) : undefined;
  if (!tls) return { rejectUnauthorized: flag(nr.verifyservercert, true), ca: '', cert: '' };
  const creds = isRecord(tls.credentials) ? tls.credentials : {};
  const key = text(creds.keydata) || text(tls.key);
  if (key) credentials.tlsKey = key;
  if (text(tls.certType) === 'pfx' || tls.alpnprotocol || tls.servername) ctx.note('of the TLS settings only the CA, the certificate, its key and "verify" are kept');
  return {
    rejectUnauthorized: flag(tls.verifyservercert, true),
    ca: text(creds.cadata) || text(tls.ca),
    cert: text(creds.certdata) || text(tls.cert),
  };
}

const broker: NodeMapping = {
  nodeRed: 'mqtt-broker',
  patchbay: 'mqtt-broker',
  toPatchbay(nr, ctx) {
    const version = text(nr.protocolVersion, '4');
    if (version === '3') ctx.note('MQTT 3.1 becomes 3.1.1');
    if (nr.autoConnect === false || nr.autoConnect === 'false') ctx.note('it connects when a node uses it (no manual "connect" action)');
    if (text(nr.userProps)) ctx.note('the connection\'s MQTT 5 user properties are not kept');
    const credentials: Record<string, string> = {};
    const creds = isRecord(nr.credentials) ? nr.credentials : {};
    if (text(creds.user)) credentials.username = text(creds.user);
    if (text(creds.password)) credentials.password = text(creds.password);
    return {
      config: {
        mode: 'external',
        url: brokerUrl(nr, ctx),
        clientId: text(nr.clientid),
        protocolVersion: version === '5' ? 5 : 4,
        keepalive: number(nr.keepalive, 60, ctx, 'keep alive'),
        cleanSession: flag(nr.cleansession, true),
        sessionExpiry: number(nr.sessionExpiry, 0, ctx, 'session expiry'),
        tls: tlsSettings(nr, ctx, credentials),
        birth: announcement(nr, 'birth', ctx),
        close: announcement(nr, 'close', ctx),
        will: announcement(nr, 'will', ctx),
      },
      credentials,
    };
  },
  toNodeRed({ config }) {
    const url = safeUrl(text(config.url));
    const secure = url?.protocol === 'mqtts:' || url?.protocol === 'wss:';
    const plain = url && (url.protocol === 'mqtt:' || url.protocol === 'mqtts:');
    const out: Record<string, unknown> = {
      broker: plain ? url.hostname.replace(/^\[(.*)\]$/, '$1') : text(config.url) || 'localhost',
      port: plain ? url.port || (secure ? '8883' : '1883') : '',
      clientid: text(config.clientId), autoConnect: true, usetls: secure, protocolVersion: String(config.protocolVersion ?? 4),
      keepalive: String(config.keepalive ?? 60), cleansession: config.cleanSession !== false, autoUnsubscribe: true,
      sessionExpiry: config.sessionExpiry ? String(config.sessionExpiry) : '',
    };
    for (const prefix of ['birth', 'close', 'will']) {
      const a = isRecord(config[prefix]) ? config[prefix] as Record<string, unknown> : {};
      Object.assign(out, { [`${prefix}Topic`]: text(a.topic), [`${prefix}Qos`]: String(a.qos ?? 0), [`${prefix}Retain`]: String(a.retain === true), [`${prefix}Payload`]: text(a.payload), [`${prefix}Msg`]: {} });
    }
    return out;
  },
};

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Node-RED's output types; "auto" is the old "string or buffer" (no JSON), "auto-detect" parses JSON. */
const DATATYPES: Record<string, string> = { 'auto-detect': 'auto', auto: 'string', utf8: 'string', buffer: 'buffer', json: 'json', base64: 'base64' };

const mqttIn: NodeMapping = {
  nodeRed: 'mqtt in',
  patchbay: 'mqtt-in',
  toPatchbay(nr, ctx) {
    const datatype = text(nr.datatype, 'auto-detect');
    if (datatype === 'auto') ctx.note('"a String or Buffer" output becomes a string');
    return {
      config: {
        broker: text(nr.broker),
        topic: text(nr.topic),
        qos: qos(nr.qos ?? 2, ctx, 'QoS'),
        parse: DATATYPES[datatype] ?? 'auto',
        dynamic: number(nr.inputs, 0, ctx, 'inputs') === 1,
        nl: flag(nr.nl),
        rap: flag(nr.rap),
        rh: qos(nr.rh, ctx, 'retain handling'),
      },
    };
  },
  toNodeRed: ({ config }) => ({
    topic: config.topic, qos: String(config.qos ?? 2), datatype: config.parse === 'auto' ? 'auto-detect' : config.parse === 'string' ? 'utf8' : config.parse,
    broker: config.broker, nl: config.nl === true, rap: config.rap === true, rh: config.rh ?? 0, inputs: config.dynamic === true ? 1 : 0,
  }),
};

const mqttOut: NodeMapping = {
  nodeRed: 'mqtt out',
  patchbay: 'mqtt-out',
  toPatchbay(nr, ctx) {
    if (text(nr.correl)) ctx.note('the fixed correlation data is not sent (msg.correlationData still is)');
    const retain = text(nr.retain);
    let userProperties: Record<string, string> = {};
    try {
      const parsed: unknown = text(nr.userProps) ? JSON.parse(text(nr.userProps)) : {};
      if (isRecord(parsed)) userProperties = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, text(v)]));
    } catch {
      ctx.note('the user properties are not valid JSON and are left out');
    }
    return {
      config: {
        broker: text(nr.broker),
        topic: text(nr.topic),
        qos: text(nr.qos) === '' ? '' : qos(nr.qos, ctx, 'QoS'),
        retain: retain === '' ? '' : flag(retain),
        properties: {
          contentType: text(nr.contentType),
          responseTopic: text(nr.respTopic),
          userProperties,
          messageExpiryInterval: number(nr.expiry, 0, ctx, 'message expiry'),
        },
      },
    };
  },
  toNodeRed({ config }) {
    const p = isRecord(config.properties) ? config.properties : {};
    const user = isRecord(p.userProperties) && Object.keys(p.userProperties).length ? JSON.stringify(p.userProperties) : '';
    return {
      topic: config.topic, qos: String(config.qos ?? ''), retain: String(config.retain ?? ''), respTopic: text(p.responseTopic),
      contentType: text(p.contentType), userProps: user, correl: '', expiry: p.messageExpiryInterval ? String(p.messageExpiryInterval) : '', broker: config.broker,
    };
  },
};

/** The broker config node a Patchbay mqtt node uses: '' is the built-in broker, which Node-RED lacks. */
export function builtinBrokerNeeded(nodes: readonly FlowNode[]): boolean {
  return nodes.some((n) => (n.type === 'mqtt-in' || n.type === 'mqtt-out') && !text(n.config.broker));
}

export const mqttMappings: NodeMapping[] = [broker, mqttIn, mqttOut];
