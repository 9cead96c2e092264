// Turns one external connection's settings into mqtt.js client options.
import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import { failFrom } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import type { MqttAnnouncement } from '../node-api/index.ts';
import { clientIdOf, type ExternalBrokerConfig } from './connection-spec.ts';

/** Reconnect delays, ms: the first retry waits `firstMs`, each failure doubles it up to `maxMs`. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

export function clientOptions(config: ExternalBrokerConfig, backoff: Backoff): IClientOptions {
  const v5 = config.protocolVersion === 5;
  const options: IClientOptions = {
    clientId: clientIdOf(config),
    protocolVersion: config.protocolVersion,
    keepalive: config.keepalive,
    clean: config.clean,
    username: config.username,
    password: config.password,
    reconnectPeriod: backoff.firstMs,
    // a refused CONNECT (bad credentials, server busy) may succeed later: keep trying, with backoff
    reconnectOnConnackError: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // the pool resubscribes itself, so that retained replays reach only the right nodes
    resubscribe: false,
  };
  if (v5 && config.sessionExpiry > 0) options.properties = { sessionExpiryInterval: config.sessionExpiry };
  if (config.will) options.will = willOf(config.will);
  if (/^(mqtts|wss):/i.test(config.url)) Object.assign(options, tlsOptions(config.tls));
  return options;
}

function willOf(m: MqttAnnouncement): NonNullable<IClientOptions['will']> {
  return { topic: m.topic, payload: Buffer.from(m.payload), qos: m.qos, retain: m.retain };
}

/** TLS material is PEM text, or the path of a PEM file. */
function tlsOptions(tls: ExternalBrokerConfig['tls']): Pick<IClientOptions, 'rejectUnauthorized' | 'ca' | 'cert' | 'key'> {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca ? { ca: pem(tls.ca, 'CA certificate') } : {}),
    ...(tls.cert ? { cert: pem(tls.cert, 'client certificate') } : {}),
    ...(tls.key ? { key: pem(tls.key, 'client key') } : {}),
  };
}

function pem(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value.trim(), 'utf8');
  } catch (err) {
    throw failFrom(err, 'MQTT_TLS_UNREADABLE', what, value.trim(), errorMessage(err));
  }
}
