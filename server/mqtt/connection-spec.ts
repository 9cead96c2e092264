// The settings of one external connection: a node's MqttExternalSpec checked, with MQTT's
// usual defaults filled in, and the key under which equal specs share a connection. What a
// spec means for a particular config node type is that node's business (its family helper
// builds the spec), so nothing here knows any node type or config field name.
import { randomBytes } from 'node:crypto';
import type { MqttAnnouncement, MqttExternalSpec } from '../node-api/index.ts';
import { fail } from '../errors.ts';

/** An external connection's settings, every one of them set. */
export interface ExternalBrokerConfig {
  url: string;
  /** '' = a random one per connection. */
  clientId: string;
  protocolVersion: 4 | 5;
  /** Seconds. */
  keepalive: number;
  clean: boolean;
  /** MQTT 5 session expiry interval, seconds (0 = the session ends with the connection). */
  sessionExpiry: number;
  tls: { rejectUnauthorized: boolean; ca: string; cert: string; key: string };
  birth?: MqttAnnouncement;
  close?: MqttAnnouncement;
  will?: MqttAnnouncement;
  username?: string;
  password?: string;
}

/** An external connection to open or share: its settings and the key equal settings share. */
export interface ExternalTarget {
  key: string;
  config: ExternalBrokerConfig;
}

/** Node-RED's defaults, which are also MQTT's usual ones. */
const DEFAULTS = { clientId: '', protocolVersion: 4, keepalive: 60, clean: true, sessionExpiry: 0 } as const;

const MAX_UINT32 = 0xffff_ffff;

/**
 * Checks `spec` (it may come from JavaScript, unchecked by a compiler) and fills in the
 * defaults; throws MQTT_SPEC_INVALID naming the field.
 *
 * @example
 * externalTarget({ kind: 'external', url: 'mqtt://nas:1883' }).config.keepalive; // 60
 */
export function externalTarget(spec: MqttExternalSpec): ExternalTarget {
  if (typeof spec.url !== 'string' || !/^(mqtts?|wss?):\/\/./i.test(spec.url)) {
    throw fail('MQTT_SPEC_INVALID', 'url', `expected an mqtt://, mqtts://, ws:// or wss:// URL, got ${JSON.stringify(spec.url)}`);
  }
  const protocolVersion = spec.protocolVersion ?? DEFAULTS.protocolVersion;
  if (protocolVersion !== 4 && protocolVersion !== 5) throw fail('MQTT_SPEC_INVALID', 'protocolVersion', 'expected 4 or 5');
  const config: ExternalBrokerConfig = {
    url: spec.url,
    clientId: text(spec.clientId, 'clientId') ?? DEFAULTS.clientId,
    protocolVersion,
    keepalive: count(spec.keepalive, 'keepalive', 65_535) ?? DEFAULTS.keepalive,
    clean: flag(spec.clean, 'clean') ?? DEFAULTS.clean,
    sessionExpiry: count(spec.sessionExpiry, 'sessionExpiry', MAX_UINT32) ?? DEFAULTS.sessionExpiry,
    tls: {
      rejectUnauthorized: flag(spec.tls?.rejectUnauthorized, 'tls.rejectUnauthorized') ?? true,
      ca: text(spec.tls?.ca, 'tls.ca') ?? '',
      cert: text(spec.tls?.cert, 'tls.cert') ?? '',
      key: text(spec.tls?.key, 'tls.key') ?? '',
    },
  };
  for (const kind of ['birth', 'close', 'will'] as const) {
    const m = spec[kind];
    if (m !== undefined) config[kind] = announcement(m, kind);
  }
  if (spec.username) config.username = text(spec.username, 'username');
  if (spec.password) config.password = text(spec.password, 'password');
  // equal settings (credentials included) share a connection; changed ones get their own
  return { key: JSON.stringify(config), config };
}

/** The client id to connect with: the configured one, or a fresh one per connection. */
export function clientIdOf(config: ExternalBrokerConfig): string {
  return config.clientId || `patchbay_${randomBytes(6).toString('hex')}`;
}

function announcement(m: MqttAnnouncement, kind: string): MqttAnnouncement {
  if (typeof m.topic !== 'string' || !m.topic || /[+#]/.test(m.topic)) {
    throw fail('MQTT_SPEC_INVALID', `${kind}.topic`, 'expected a topic without wildcards');
  }
  if (m.qos !== 0 && m.qos !== 1 && m.qos !== 2) throw fail('MQTT_SPEC_INVALID', `${kind}.qos`, 'expected 0, 1 or 2');
  return { topic: m.topic, payload: text(m.payload, `${kind}.payload`) ?? '', qos: m.qos, retain: flag(m.retain, `${kind}.retain`) ?? false };
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw fail('MQTT_SPEC_INVALID', field, 'expected a string');
}

function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw fail('MQTT_SPEC_INVALID', field, 'expected true or false');
}

function count(value: unknown, field: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  throw fail('MQTT_SPEC_INVALID', field, `expected a whole number from 0 to ${max}`);
}
