// mqtt-broker: the config node behind mqtt-in and mqtt-out (Node-RED's "mqtt-broker").
// Nodes that name it share one connection; at runtime it only checks its own settings.
import { defineNode, NodeConfigError, showWhen, Type } from '#node-api';

const QoS = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { default: 0, title: 'QoS' });

/** Settings of a connection to another broker: the built-in one is in-process and has none. */
const external = showWhen({ mode: ['external'] });

/** A birth, close or will message; an empty topic means none. */
const announcement = (title: string, description: string) => Type.Object({
  topic: Type.String({ default: '', title: 'Topic', description: 'Empty = no message' }),
  payload: Type.String({ default: '', title: 'Payload' }),
  qos: QoS,
  retain: Type.Boolean({ default: false, title: 'Retain' }),
}, { default: {}, title, description, ...external });

const PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];

export default defineNode({
  type: 'mqtt-broker',
  version: 1,
  category: 'config',
  label: 'mqtt broker',
  color: '#d8bfd8',
  icon: 'bridge',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    mode: Type.Union([Type.Literal('builtin', { title: 'Built-in broker' }), Type.Literal('external', { title: 'External broker (URL)' })], {
      default: 'builtin', title: 'Broker', description: "builtin: Patchbay's own broker, in-process; external: connect to the URL below",
    }),
    url: Type.String({ default: '', title: 'URL', description: 'mqtt://host:1883, mqtts://host:8883, ws://host:8080/mqtt or wss://...', ...external }),
    clientId: Type.String({ default: '', title: 'Client ID', description: 'Empty = a random one for each connection', ...external }),
    protocolVersion: Type.Union([Type.Literal(4, { title: 'MQTT 3.1.1' }), Type.Literal(5, { title: 'MQTT 5' })], { default: 4, title: 'Protocol', ...external }),
    keepalive: Type.Integer({ default: 60, minimum: 0, maximum: 65_535, title: 'Keep alive (s)', ...external }),
    cleanSession: Type.Boolean({ default: true, title: 'Clean session', description: 'Off: the broker keeps subscriptions and queued messages while disconnected (needs a client ID)', ...external }),
    sessionExpiry: Type.Integer({
      default: 0, minimum: 0, maximum: 0xffff_ffff, title: 'Session expiry (s, MQTT 5)', description: 'How long the broker keeps the session after a disconnect',
      ...showWhen({ mode: ['external'], protocolVersion: [5] }),
    }),
    tls: Type.Object({
      rejectUnauthorized: Type.Boolean({ default: true, title: 'Verify server certificate' }),
      ca: Type.String({ default: '', title: 'CA certificate', description: 'PEM text or file path; empty = the system CAs' }),
      cert: Type.String({ default: '', title: 'Client certificate', description: 'PEM text or file path (the key is with the credentials)' }),
    }, { default: {}, title: 'TLS', description: 'For mqtts:// and wss:// URLs', ...external }),
    birth: announcement('Birth message', 'Published each time the connection is made'),
    close: announcement('Close message', 'Published before the connection is closed on purpose'),
    will: announcement('Will message', 'Published by the broker if the connection is lost'),
  }),
  credentials: Type.Object({
    username: Type.String({ default: '', title: 'Username' }),
    password: Type.String({ default: '', format: 'password', title: 'Password' }),
    // A private key is a secret: it lives in the encrypted credentials, never in the flow file.
    tlsKey: Type.String({ default: '', format: 'password', title: 'TLS client key', description: 'PEM text or file path of the client certificate\'s key' }),
  }),
  create(node) {
    const { mode, url, clientId, cleanSession, sessionExpiry, protocolVersion } = node.config;
    if (mode === 'external') checkUrl(url);
    const persistent = !cleanSession || (protocolVersion === 5 && sessionExpiry > 0);
    // A random id per connection would start a new session each time, never resuming one.
    if (mode === 'external' && persistent && !clientId) {
      throw new NodeConfigError('A persistent session (clean session off, or a session expiry) needs a client ID', '/clientId');
    }
    for (const key of ['birth', 'close', 'will'] as const) {
      if (/[+#]/.test(node.config[key].topic)) throw new NodeConfigError(`The ${key} topic must not contain + or #`, `/${key}/topic`);
    }
  },
});

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NodeConfigError(url ? `"${url}" is not a URL` : 'Set the URL of the external broker', '/url');
  }
  if (!PROTOCOLS.includes(parsed.protocol)) {
    throw new NodeConfigError(`Unsupported protocol "${parsed.protocol}": use mqtt://, mqtts://, ws:// or wss://`, '/url');
  }
  if (!parsed.hostname) throw new NodeConfigError(`"${url}" names no host`, '/url');
}
