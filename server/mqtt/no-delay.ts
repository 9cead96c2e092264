// mqtt.js clients with TCP_NODELAY on. Nagle's algorithm holds back small writes until the
// previous segment is acknowledged; with delayed ACKs on the other side that costs
// milliseconds per QoS 1 round trip. mqtt.js's TCP stream builder hands only host, port and
// path to net.createConnection, so the `noDelay` socket option cannot reach it: the first
// stream gets setNoDelay right after connect() built it, and the client's stream builder is
// wrapped for every reconnect. WebSocket streams need nothing: the ws library sets it itself.
import { Socket } from 'node:net';
import type { IClientOptions, IStream, MqttClient, StreamBuilder } from 'mqtt';
import { connect } from './lazy-mqtt.ts';

/** Like mqtt.connect, with TCP_NODELAY on every TCP and TLS socket the client opens. */
export function connectWithNoDelay(url: string, options: IClientOptions): MqttClient {
  const client = connect(url, options);
  noDelay(client.stream);
  // streamBuilder is private (and untyped) in mqtt.js's typings; bracket access is TypeScript's way in
  const build: StreamBuilder = client['streamBuilder'];
  const withNoDelay: StreamBuilder = (c) => noDelay(build(c));
  client['streamBuilder'] = withNoDelay;
  return client;
}

function noDelay(stream: IStream): IStream {
  // Before the socket connects, Node keeps the setting and applies it once connected.
  if (stream instanceof Socket) stream.setNoDelay(true);
  return stream;
}
