// Broker statistics: the counters, the snapshot type, and the periodic $SYS messages.
import { SYS_PREFIX } from './topics.ts';

/** One connected network client. */
export interface BrokerClientInfo {
  clientId: string;
  /** The MQTT protocol level it connected with: 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5 (MQTT 5). */
  protocolVersion: 3 | 4 | 5;
  /** The same as a name: "MQTT 3.1", "MQTT 3.1.1" or "MQTT 5". */
  protocol: string;
  /** The peer's address (of the HTTP request for MQTT over WebSocket). */
  address?: string;
  /** "tcp", "tls" or "ws". */
  transport: string;
}

/** A snapshot of the broker's activity since it started. */
export interface BrokerStats {
  /** Network clients connected now (in-process subscribers are not clients). */
  clientsConnected: number;
  /** PUBLISH messages accepted from network clients and from the in-process path. */
  messagesReceived: number;
  /** PUBLISH messages handed to network clients and in-process subscribers. */
  messagesSent: number;
  /** Messages not written to a client that stopped reading (past `maxClientBuffer`). */
  messagesDropped: number;
  /** Bytes read from client sockets (protocol overhead included). */
  bytesReceived: number;
  /** Bytes written to client sockets. */
  bytesSent: number;
  /** Retained messages stored now. */
  retainedMessages: number;
  /** Active subscriptions of connected clients and in-process subscribers. */
  subscriptions: number;
  /** Seconds since the broker started. */
  uptimeSeconds: number;
  /** The network clients connected now, in the order they connected. */
  clients: BrokerClientInfo[];
}

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5' };

/** The name of an MQTT protocol level, e.g. "MQTT 5" for 5. */
export function protocolName(level: number): string {
  return PROTOCOL_NAMES[level] ?? `MQTT level ${level}`;
}

/** The message counters, bumped on the hot path (plain increments, nothing else). */
export class MessageCounters {
  received = 0;
  sent = 0;
  dropped = 0;
}

/**
 * The `$SYS` topics and payloads for a snapshot; names follow Mosquitto's so that
 * existing dashboards and `mosquitto_sub -t '$SYS/#' -v` read them unchanged.
 */
export function sysMessages(stats: BrokerStats): Array<[topic: string, payload: string]> {
  const base = `${SYS_PREFIX}broker/`;
  return [
    [`${base}clients/connected`, String(stats.clientsConnected)],
    [`${base}messages/received`, String(stats.messagesReceived)],
    [`${base}messages/sent`, String(stats.messagesSent)],
    [`${base}publish/messages/dropped`, String(stats.messagesDropped)],
    [`${base}bytes/received`, String(stats.bytesReceived)],
    [`${base}bytes/sent`, String(stats.bytesSent)],
    [`${base}retained messages/count`, String(stats.retainedMessages)],
    [`${base}subscriptions/count`, String(stats.subscriptions)],
    [`${base}uptime`, `${stats.uptimeSeconds} seconds`],
  ];
}

/**
 * Publishes {@link sysMessages} every `intervalMs` (0 = never); returns the stop function.
 * Not retained, unlike Mosquitto's: a retained copy would be rewritten to disk every
 * interval and outlive the broker with stale figures.
 */
export function startSysPublisher(
  intervalMs: number,
  snapshot: () => BrokerStats,
  publish: (topic: string, payload: string) => void,
): () => void {
  if (intervalMs === 0) return () => {};
  const timer = setInterval(() => {
    for (const [topic, payload] of sysMessages(snapshot())) publish(topic, payload);
  }, intervalMs);
  timer.unref(); // statistics alone must not keep the process alive
  return () => clearInterval(timer);
}
