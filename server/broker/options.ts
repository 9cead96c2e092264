// Broker options: the public shape, the one defaults object, and validation.
import type { AccountDirectory, AnonymousPolicy, BrokerUser } from './auth.ts';
import type { LoginLimits } from '../auth/login-limiter.ts';
import { fail } from '../errors.ts';

/** Structured log sink (pino-compatible): fields first, a short constant message second. */
export interface BrokerLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** The mqtts listener. */
export interface BrokerTlsOptions {
  /** TCP port (0 = ephemeral). */
  port: number;
  /** Path of the PEM certificate (chain). */
  cert: string;
  /** Path of the PEM private key. */
  key: string;
}

/** Options of {@link import('./broker.ts').startBroker}; every field has a default in {@link BROKER_DEFAULTS}. */
export interface BrokerOptions {
  /** Address the TCP and TLS listeners bind to. */
  host?: string;
  /** MQTT TCP port; 0 picks a free one (see `BrokerHandle.ports`). */
  tcpPort?: number;
  /** Directory for the broker store (retained messages, sessions); absent = in memory only. */
  dataDir?: string;
  /** Accounts with hashed passwords and optional topic ACLs. */
  users?: BrokerUser[];
  /** Which clients without a username may connect. */
  anonymous?: AnonymousPolicy;
  /**
   * Let clients without a username connect over WebSocket from a web page (an upgrade with an
   * `Origin` header), where `anonymous` allows them; off, a page cannot use the broker anonymously.
   */
  allowAnonymousWebSocket?: boolean;
  /** Patchbay's accounts (admin and mqtt roles may log in), looked up at each CONNECT and followed. */
  accounts?: AccountDirectory;
  /** Failed logins allowed per client address in a window (default: the HTTP login's, 10 a minute). */
  loginLimits?: LoginLimits;
  /** Publishes a second one client may make on average; 0 = no limit. */
  maxPublishRate?: number;
  /** Publishes one client may make at once beyond the average (the bucket size); 0 = ten seconds' worth of maxPublishRate. */
  publishBurst?: number;
  /** Also listen for MQTT over TLS. */
  tls?: BrokerTlsOptions;
  /** Interval of the `$SYS/broker/...` statistics messages, in ms; 0 = never. */
  sysInterval?: number;
  /**
   * QoS 1/2 messages kept for one persistent session at most (queued while it is offline or
   * not yet acknowledged); later ones are dropped for that client. 0 = no limit.
   */
  maxQueuedMessages?: number;
  /**
   * MQTT 5 Receive Maximum: QoS 1/2 messages a client may have unacknowledged towards the
   * broker at once (advertised in CONNACK; one more gets DISCONNECT 0x93).
   */
  receiveMaximum?: number;
  /** MQTT 5 Topic Alias Maximum: topic aliases a client may set up towards the broker; 0 = none. */
  topicAliasMaximum?: number;
  /** MQTT 5 Server Keep Alive, s: a client asking for more (or for none) is told to use this; 0 = no limit. */
  maxKeepalive?: number;
  /** Largest packet the broker accepts, in bytes (advertised in MQTT 5 CONNACK); 0 = MQTT's own limit (256 MiB). */
  maxPacketSize?: number;
  /** Filters one SUBSCRIBE may have; past it each is refused (SUBACK 0x80, MQTT 5 0x97). 0 = no cap. */
  maxSubscriptionsPerPacket?: number;
  /** Subscriptions one client (its session) may have; past it new filters are refused (SUBACK 0x80, MQTT 5 0x97). 0 = no cap. */
  maxSubscriptionsPerClient?: number;
  /** Bytes a client may send before its CONNACK (CONNECT and the packets pipelined behind it); past it the connection is closed. */
  maxBytesBeforeConnack?: number;
  /** Bytes written to one client and not yet read by it, past which messages to it are not written (QoS 0 dropped, QoS 1/2 left queued). */
  maxClientBuffer?: number;
  /** How long a client may stay past `maxClientBuffer` before it is disconnected, in ms. */
  stalledClientTimeout?: number;
  /** Where the broker logs denials and failures. */
  log?: BrokerLog;
}

/** {@link BrokerOptions} after defaults are applied. */
export interface ResolvedBrokerOptions extends Required<Omit<BrokerOptions, 'dataDir' | 'tls' | 'accounts' | 'loginLimits'>> {
  dataDir?: string;
  tls?: BrokerTlsOptions;
  accounts?: AccountDirectory;
  loginLimits?: LoginLimits;
}

const MIB = 1024 * 1024;

const silentLog: BrokerLog = { info() {}, warn() {}, error() {} };

/** The defaults, in one place. */
export const BROKER_DEFAULTS: Readonly<Omit<ResolvedBrokerOptions, 'dataDir' | 'tls' | 'accounts' | 'loginLimits'>> = {
  host: '127.0.0.1', // loopback only: exposing the broker is a deliberate setting
  tcpPort: 1883, // IANA port for MQTT
  users: [],
  anonymous: 'loopback', // like Mosquitto 2: local clients only
  allowAnonymousWebSocket: false, // a web page's script is not a local client, whatever its address
  maxPublishRate: 0, // publishes/s; off, as in Mosquitto and EMQX: bridges and discovery send bursts of hundreds
  publishBurst: 0, // publishes; 0 = 10 s of maxPublishRate
  sysInterval: 10_000, // ms
  maxQueuedMessages: 1000, // Mosquitto's max_queued_messages
  receiveMaximum: 1000, // messages; MQTT's default is 65535, a window a real client never needs
  topicAliasMaximum: 10, // aliases; Mosquitto's max_topic_alias
  maxKeepalive: 60, // s; Home Assistant, Zigbee2MQTT and mqtt.js ask for 60 themselves
  maxPacketSize: 16 * MIB, // bytes; a camera snapshot fits, a client cannot make the broker hold 256 MiB
  maxSubscriptionsPerPacket: 10_000, // filters; real clients send tens, a bridge or a Home Assistant restart hundreds
  maxSubscriptionsPerClient: 20_000, // subscriptions; about 3 KiB of memory each: 60 MiB at most per client
  maxBytesBeforeConnack: MIB, // a CONNECT with will and token, plus a large pipelined SUBSCRIBE
  maxClientBuffer: 4 * MIB, // per client; seconds of a busy topic for a healthy client
  stalledClientTimeout: 30_000, // ms; a Wi-Fi device that comes back within it keeps its connection
  log: silentLog,
};

/** Applies {@link BROKER_DEFAULTS} and validates; throws BROKER_OPTIONS_INVALID naming the setting. */
export function resolveBrokerOptions(opts: BrokerOptions): ResolvedBrokerOptions {
  const resolved: ResolvedBrokerOptions = {
    host: opts.host ?? BROKER_DEFAULTS.host,
    tcpPort: opts.tcpPort ?? BROKER_DEFAULTS.tcpPort,
    users: opts.users ?? BROKER_DEFAULTS.users,
    anonymous: opts.anonymous ?? BROKER_DEFAULTS.anonymous,
    allowAnonymousWebSocket: opts.allowAnonymousWebSocket ?? BROKER_DEFAULTS.allowAnonymousWebSocket,
    accounts: opts.accounts,
    loginLimits: opts.loginLimits,
    maxPublishRate: opts.maxPublishRate ?? BROKER_DEFAULTS.maxPublishRate,
    publishBurst: opts.publishBurst ?? BROKER_DEFAULTS.publishBurst,
    sysInterval: opts.sysInterval ?? BROKER_DEFAULTS.sysInterval,
    maxQueuedMessages: opts.maxQueuedMessages ?? BROKER_DEFAULTS.maxQueuedMessages,
    receiveMaximum: opts.receiveMaximum ?? BROKER_DEFAULTS.receiveMaximum,
    topicAliasMaximum: opts.topicAliasMaximum ?? BROKER_DEFAULTS.topicAliasMaximum,
    maxKeepalive: opts.maxKeepalive ?? BROKER_DEFAULTS.maxKeepalive,
    maxPacketSize: opts.maxPacketSize ?? BROKER_DEFAULTS.maxPacketSize,
    maxSubscriptionsPerPacket: opts.maxSubscriptionsPerPacket ?? BROKER_DEFAULTS.maxSubscriptionsPerPacket,
    maxSubscriptionsPerClient: opts.maxSubscriptionsPerClient ?? BROKER_DEFAULTS.maxSubscriptionsPerClient,
    maxBytesBeforeConnack: opts.maxBytesBeforeConnack ?? BROKER_DEFAULTS.maxBytesBeforeConnack,
    maxClientBuffer: opts.maxClientBuffer ?? BROKER_DEFAULTS.maxClientBuffer,
    stalledClientTimeout: opts.stalledClientTimeout ?? BROKER_DEFAULTS.stalledClientTimeout,
    log: opts.log ?? BROKER_DEFAULTS.log,
    dataDir: opts.dataDir,
    tls: opts.tls,
  };
  checkPort('tcpPort', resolved.tcpPort);
  if (resolved.tls) checkPort('tls.port', resolved.tls.port);
  if (!['loopback', 'all', 'none'].includes(resolved.anonymous)) {
    throw fail('BROKER_OPTIONS_INVALID', 'anonymous', `expected loopback, all or none, got ${String(resolved.anonymous)}`);
  }
  if (!Number.isInteger(resolved.sysInterval) || resolved.sysInterval < 0) {
    throw fail('BROKER_OPTIONS_INVALID', 'sysInterval', 'expected a whole number of ms, 0 to disable');
  }
  if (!Number.isInteger(resolved.maxQueuedMessages) || resolved.maxQueuedMessages < 0) {
    throw fail('BROKER_OPTIONS_INVALID', 'maxQueuedMessages', 'expected a whole number, 0 for no limit');
  }
  if (!(Number.isFinite(resolved.maxPublishRate) && resolved.maxPublishRate >= 0)) {
    throw fail('BROKER_OPTIONS_INVALID', 'maxPublishRate', `expected publishes a second, 0 for no limit, got ${String(resolved.maxPublishRate)}`);
  }
  checkRange('publishBurst', resolved.publishBurst, 0, 1_000_000);
  checkRange('receiveMaximum', resolved.receiveMaximum, 1, 65_535); // [MQTT-3.2.2.3.3] 0 is not allowed
  checkRange('topicAliasMaximum', resolved.topicAliasMaximum, 0, 65_535);
  checkRange('maxKeepalive', resolved.maxKeepalive, 0, 65_535);
  checkRange('maxPacketSize', resolved.maxPacketSize, 0, MAX_PACKET_SIZE);
  if (resolved.maxPacketSize > 0 && resolved.maxPacketSize < 128) {
    throw fail('BROKER_OPTIONS_INVALID', 'maxPacketSize', 'expected 0 (no limit) or at least 128 bytes');
  }
  checkRange('maxSubscriptionsPerPacket', resolved.maxSubscriptionsPerPacket, 0, 2 ** 31);
  checkRange('maxSubscriptionsPerClient', resolved.maxSubscriptionsPerClient, 0, 2 ** 31);
  checkRange('maxBytesBeforeConnack', resolved.maxBytesBeforeConnack, 128, MAX_PACKET_SIZE);
  checkRange('maxClientBuffer', resolved.maxClientBuffer, 1024, 2 ** 31);
  checkRange('stalledClientTimeout', resolved.stalledClientTimeout, 100, 2 ** 31);
  return resolved;
}

/** MQTT's largest packet: a four-byte Remaining Length (section 2.1.4) plus its header. */
export const MAX_PACKET_SIZE = 268_435_460;

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw fail('BROKER_OPTIONS_INVALID', name, `expected a whole number from ${min} to ${max}, got ${String(value)}`);
  }
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw fail('BROKER_OPTIONS_INVALID', name, `expected a port number 0-65535, got ${String(port)}`);
  }
}
