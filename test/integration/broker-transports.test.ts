// The ways in: MQTT over WebSocket on a plain HTTP server (beside other upgrades),
// MQTT over TLS with a certificate made by openssl, and a clear error for a busy port.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { startBroker } from '../../server/broker/broker.ts';
import * as mqttPacket from 'mqtt-packet';
import { connectClient, nextMessage, run, startTestBroker, until, within } from '../helpers/broker.ts';

async function httpServer(t: TestContext): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.end('ok'));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  // after hooks run in registration order, so upgraded sockets (which server.close()
  // waits for) may still be open here: end them first
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return { server, port: address.port };
}

test('mqtt.js over ws://127.0.0.1:PORT/mqtt talks to TCP clients', async (t) => {
  const { broker, url } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const ws = await connectClient(t, `ws://127.0.0.1:${port}/mqtt`);
  const tcp = await connectClient(t, url);
  await ws.subscribeAsync('over/ws', { qos: 1 });
  const got = nextMessage(ws);
  await tcp.publishAsync('over/ws', 'hello', { qos: 1 });
  assert.equal((await got).payload.toString(), 'hello');
  await tcp.subscribeAsync('from/ws', { qos: 1 });
  const back = nextMessage(tcp);
  await ws.publishAsync('from/ws', 'hi', { qos: 2 });
  assert.equal((await back).payload.toString(), 'hi');
  assert.equal(broker.stats().clientsConnected, 2);
});

test('MQTT 5 over WebSocket: mqtt.js 5 with properties, listed with its protocol and transport', async (t) => {
  const { broker, url } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const ws = await connectClient(t, `ws://127.0.0.1:${port}/mqtt`, { clientId: 'ws5', protocolVersion: 5 });
  const tcp = await connectClient(t, url, { clientId: 'tcp5', protocolVersion: 5 });
  await ws.subscribeAsync('over/ws5', { qos: 1, properties: { subscriptionIdentifier: 4 } });
  const got = nextMessage(ws);
  await tcp.publishAsync('over/ws5', 'hello', { qos: 1, properties: { userProperties: { via: 'tcp' } } });
  const message = await got;
  assert.deepEqual({ ...message.packet.properties?.userProperties }, { via: 'tcp' });
  assert.equal(message.packet.properties?.subscriptionIdentifier, 4);
  assert.deepEqual(broker.stats().clients.map((c) => [c.clientId, c.protocol, c.transport]), [['ws5', 'MQTT 5', 'ws'], ['tcp5', 'MQTT 5', 'tcp']]);
});

test('other WebSocket paths on the same server are left to their own handler', async (t) => {
  const { broker } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  // stands in for socket.io, which handles upgrades under /socket.io/ on the same server
  const other = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/other')) other.handleUpgrade(req, socket, head, (ws) => ws.send('other here'));
  });
  t.after(() => other.close());
  const client = new WebSocket(`ws://127.0.0.1:${port}/other`);
  t.after(() => client.terminate());
  const [message] = await within(once(client, 'message'), 'the other handler');
  assert.equal(String(message), 'other here');
});

test('[MQTT-6.0.0-1] a text frame closes the WebSocket connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/mqtt`, ['mqtt']);
  t.after(() => ws.terminate());
  await within(once(ws, 'open'), 'the WebSocket to open');
  assert.equal(ws.protocol, 'mqtt', '[MQTT-6.0.0-4] the mqtt subprotocol is selected');
  ws.send('not binary');
  await within(once(ws, 'close'), 'the broker to close the WebSocket');
});

/** A raw MQTT-over-WebSocket connection collecting the binary frames the broker sends. */
async function rawWebSocket(t: TestContext, port: number): Promise<{ ws: WebSocket; received: Buffer }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/mqtt`, ['mqtt']);
  t.after(() => ws.terminate());
  await within(once(ws, 'open'), 'the WebSocket to open');
  const state = { ws, received: Buffer.alloc(0) };
  ws.on('message', (data: Buffer) => (state.received = Buffer.concat([state.received, data])));
  return state;
}

test('[MQTT-6.0.0-2] packets split across binary frames, or several in one frame, are read', async (t) => {
  const { broker } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const raw = await rawWebSocket(t, port);
  const connect = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'ws-raw', keepalive: 0 });
  raw.ws.send(connect.subarray(0, 5));
  raw.ws.send(Buffer.concat([connect.subarray(5), mqttPacket.generate({ cmd: 'pingreq' })]));
  await until(() => raw.received.length >= 6, 'CONNACK and PINGRESP');
  assert.deepEqual([...raw.received], [0x20, 0x02, 0x00, 0x00, 0xd0, 0x00]);
});

test('[MQTT-3.1.2-2] over WebSocket too, an unsupported protocol level gets CONNACK 0x01 before the close', async (t) => {
  const { broker } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const raw = await rawWebSocket(t, port);
  const connect = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'ws-raw', keepalive: 0 });
  connect[8] = 6; // the protocol level byte: fixed header (2) + protocol name (6)
  const closed = once(raw.ws, 'close');
  raw.ws.send(connect);
  await within(closed, 'the broker to close the WebSocket');
  assert.deepEqual([...raw.received], [0x20, 0x02, 0x00, 0x01]);
});

test('WebSocket clients that came through a proxy are not treated as loopback', async (t) => {
  const { broker } = await startTestBroker(t);
  const { server, port } = await httpServer(t);
  broker.attachWebSocket(server);
  const refused = await within(
    connectClient(t, `ws://127.0.0.1:${port}/mqtt`, { wsOptions: { headers: { 'X-Forwarded-For': '203.0.113.9' } } }).then(
      () => undefined,
      (err: unknown) => err,
    ),
    'the refusal',
  );
  assert.ok(refused instanceof Error && 'code' in refused && refused.code === 5, `refused with 5, got ${String(refused)}`);
});

test('mqtts with a self-signed certificate made by openssl', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });

  const { broker, url } = await startTestBroker(t, { tls: { port: 0, cert, key } });
  assert.ok(broker.ports.tls !== undefined && broker.ports.tls > 0);
  const secure = await connectClient(t, `mqtts://127.0.0.1:${broker.ports.tls}`, { ca: readFileSync(cert), protocolVersion: 5 });
  const plain = await connectClient(t, url);
  await plain.subscribeAsync('secure/+', { qos: 1 });
  const got = nextMessage(plain);
  await secure.publishAsync('secure/x', 'over tls', { qos: 1 });
  assert.equal((await got).payload.toString(), 'over tls');
  assert.ok(broker.stats().clients.some((c) => c.protocolVersion === 5 && c.transport === 'tls'));
  // and mosquitto_pub speaking MQTT 5 over TLS
  const viaCli = nextMessage(plain, 'secure/cli');
  const sent = await run(t, 'mosquitto_pub', ['-V', 'mqttv5', '-h', '127.0.0.1', '-p', String(broker.ports.tls), '--cafile', cert, '-t', 'secure/cli', '-m', 'v5 over tls', '-q', '1']);
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal((await viaCli).payload.toString(), 'v5 over tls');
});

test('unreadable TLS files fail with BROKER_TLS_UNREADABLE naming the file', async () => {
  const missing = join(tmpdir(), 'patchbay-no-such-cert.pem');
  await assert.rejects(startBroker({ tcpPort: 0, tls: { port: 0, cert: missing, key: missing } }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'BROKER_TLS_UNREADABLE');
    assert.ok(err.message.includes(missing));
    return true;
  });
});

test('a port in use fails with BROKER_PORT_IN_USE naming the port and the flags', async (t) => {
  const blocker = createNetServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  await assert.rejects(startBroker({ tcpPort: address.port }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'BROKER_PORT_IN_USE');
    assert.ok(err.message.includes(String(address.port)), err.message);
    assert.ok(err.message.includes('--mqtt-port'), err.message);
    assert.ok(err.message.includes('--no-broker --broker-url'), err.message);
    return true;
  });
});

test('a failed TLS listener leaves nothing running', async (t) => {
  const blocker = createNetServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'),
  ], { stdio: 'ignore' });
  // The TCP listener comes up first on a free port; the TLS one then finds its port taken.
  const tcp = createNetServer().listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  const free = tcp.address();
  assert.ok(free !== null && typeof free === 'object');
  await new Promise((resolve) => tcp.close(resolve));
  await assert.rejects(
    startBroker({ tcpPort: free.port, tls: { port: address.port, cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') } }),
    { code: 'BROKER_PORT_IN_USE' },
  );
  // the TCP port was released again
  const again = await startBroker({ tcpPort: free.port });
  await again.close();
});
