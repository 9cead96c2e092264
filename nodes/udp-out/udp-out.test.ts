import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { runFlows } from '../../test/helpers/flows.ts';
import { eventually, listeningPort, netCapabilities, udpPeer } from '../../test/helpers/net.ts';
import { settle, startNode } from '../../test/helpers/node-test.ts';

const net = () => ({ capabilities: netCapabilities() });

test('sends the payload to the address and port; base64 strings decoded; no payload sends nothing', async (t) => {
  const peer = await udpPeer(t);
  const flows = await startNode(t, 'udp-out', { addr: '127.0.0.1', port: peer.port, base64: true }, { ...net(), outputs: 0 });
  flows.send('n', { payload: Buffer.from('decoded').toString('base64') });
  flows.send('n', { topic: 'no payload' });
  await eventually(() => peer.received.length === 1, 'a datagram');
  await settle();
  assert.deepEqual(peer.received.map((r) => r.data), ['decoded']);
});

test('without an address and port it answers msg.ip and msg.port: a udp in → udp out echo', async (t) => {
  const flows = await runFlows([
    { id: 'in', type: 'udp-in', config: { datatype: 'utf8' }, wires: [['upper']] },
    { id: 'upper', type: 'function', config: { code: 'msg.payload = msg.payload.toUpperCase(); return msg;' }, wires: [['out']] },
    { id: 'out', type: 'udp-out', config: {} },
  ], net());
  t.after(() => flows.stop());
  const peer = await udpPeer(t);
  peer.socket.send('echo me', await listeningPort(flows, 'in'), '127.0.0.1');
  await eventually(() => peer.received.length === 1, 'the answer');
  assert.equal(peer.received[0]!.data, 'ECHO ME');
});

test('local port: datagrams leave from it', async (t) => {
  const peer = await udpPeer(t);
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const outport = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const flows = await startNode(t, 'udp-out', { addr: '127.0.0.1', port: peer.port, outport }, { ...net(), outputs: 0 });
  flows.send('n', { payload: 1 });
  await eventually(() => peer.received.length === 1, 'a datagram');
  assert.deepEqual(peer.received[0], { data: '1', port: outport });
});

test('broadcast to the loopback broadcast address reaches a socket bound to it', async (t) => {
  const listener = createSocket({ type: 'udp4', reuseAddr: true });
  t.after(() => { listener.close(); });
  const got: string[] = [];
  listener.on('message', (d) => got.push(String(d)));
  await new Promise<void>((resolve) => listener.bind(0, '127.255.255.255', resolve));
  const flows = await startNode(t, 'udp-out', { multicast: 'broad', addr: '127.255.255.255', port: listener.address().port }, { ...net(), outputs: 0 });
  flows.send('n', { payload: 'to everyone' });
  await eventually(() => got.length === 1, 'the broadcast');
  assert.deepEqual(got, ['to everyone']);
});

test('a message with no address or port is dropped with a warning', async (t) => {
  const flows = await startNode(t, 'udp-out', {}, { ...net(), outputs: 0 });
  flows.send('n', { payload: 'x', port: 9 });
  const warning = await flows.waitForEvent('log', (e) => e.node === 'n' && e.level === 'warn');
  assert.match(warning.message, /No address/);
});
