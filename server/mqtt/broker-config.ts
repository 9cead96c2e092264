// Reads an `mqtt-broker` config node (or the server's --broker-url) into the settings of one
// connection. The node's schema already validated the config at deploy; this only narrows
// the loosely typed record the runtime hands over and fills the same defaults.
import { randomBytes } from 'node:crypto';
import type { ConfigNodeInfo } from '../node-api/index.ts';
import type { QoS } from './shared-connection.ts';

/** A birth, close or will message. */
export interface AnnouncedMessage {
  topic: string;
  payload: string;
  qos: QoS;
  retain: boolean;
}

export interface ExternalBrokerConfig {
  url: string;
  clientId: string;
  protocolVersion: 4 | 5;
  /** Seconds. */
  keepalive: number;
  cleanSession: boolean;
  /** MQTT 5 session expiry interval, seconds (0 = the session ends with the connection). */
  sessionExpiry: number;
  tls: { rejectUnauthorized: boolean; ca: string; cert: string; key: string };
  birth?: AnnouncedMessage;
  close?: AnnouncedMessage;
  will?: AnnouncedMessage;
  username?: string;
  password?: string;
}

/** Where a node's connection goes. `key` identifies a shareable external connection. */
export type BrokerTarget =
  | { kind: 'default' }
  | { kind: 'external'; key: string; name: string; config: ExternalBrokerConfig };

export const BROKER_CONFIG_TYPE = 'mqtt-broker';

/** The target of an `mqtt-broker` config node; mode "builtin" means the server's own broker. */
export function targetOf(info: ConfigNodeInfo): BrokerTarget {
  if (info.type !== BROKER_CONFIG_TYPE) throw new Error(`Config node "${info.id}" is a ${info.type}, not an ${BROKER_CONFIG_TYPE}`);
  const c = info.config;
  if (c.mode !== 'external') return { kind: 'default' };
  const tls = record(c.tls);
  const config: ExternalBrokerConfig = {
    url: text(c.url),
    clientId: text(c.clientId),
    protocolVersion: c.protocolVersion === 5 ? 5 : 4,
    keepalive: count(c.keepalive, 60),
    cleanSession: c.cleanSession !== false,
    sessionExpiry: count(c.sessionExpiry, 0),
    tls: { rejectUnauthorized: tls.rejectUnauthorized !== false, ca: text(tls.ca), cert: text(tls.cert), key: text(info.credentials.tlsKey) },
    birth: announced(c.birth),
    close: announced(c.close),
    will: announced(c.will),
    username: info.credentials.username || undefined,
    password: info.credentials.password || undefined,
  };
  // A changed config node (or changed credentials) gets a connection of its own.
  return { kind: 'external', key: `${info.id}\u0000${JSON.stringify(config)}`, name: info.id, config };
}

/** The connection behind --broker-url: Node-RED's defaults for everything but the URL. */
export function urlTarget(url: string): BrokerTarget {
  return {
    kind: 'external',
    key: `url\u0000${url}`,
    name: url,
    config: {
      url, clientId: '', protocolVersion: 4, keepalive: 60, cleanSession: true, sessionExpiry: 0,
      tls: { rejectUnauthorized: true, ca: '', cert: '', key: '' },
    },
  };
}

/** The client id to connect with: the configured one, or a fresh one per connection. */
export function clientIdOf(config: ExternalBrokerConfig): string {
  return config.clientId || `patchbay_${randomBytes(6).toString('hex')}`;
}

function announced(value: unknown): AnnouncedMessage | undefined {
  const m = record(value);
  const topic = text(m.topic);
  if (!topic) return undefined;
  const qos = m.qos === 1 || m.qos === 2 ? m.qos : 0;
  return { topic, payload: text(m.payload), qos, retain: m.retain === true };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
