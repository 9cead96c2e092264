import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, listeningPort, netCapabilities, tcpClient, tcpServer } from '../../test/helpers/net.ts';
import { deployErrors, startNode } from '../../test/helpers/node-test.ts';

const net = () => ({ capabilities: netCapabilities() });

test('client mode writes each payload to the server it connects to; base64 strings are decoded', async (t) => {
  let received = '';
  const { port, sockets } = await tcpServer(t, (socket) => socket.on('data', (d) => { received += String(d); }));
  const flows = await startNode(t, 'tcp-out', { host: '127.0.0.1', port, base64: true }, { ...net(), outputs: 0 });
  await flows.waitForEvent('status', (e) => e.node === 'n' && e.text?.startsWith('connected') === true);
  flows.send('n', { payload: Buffer.from('one ').toString('base64') });
  flows.send('n', { payload: Buffer.from('two') });
  await eventually(() => received === 'one two', 'both payloads');
  assert.equal(sockets.length, 1, 'one connection for both');
});

test('close after each message: the server sees the end, and the node reconnects for the next', async (t) => {
  const got: string[] = [];
  const { port } = await tcpServer(t, (socket) => {
    let text = '';
    socket.on('data', (d) => { text += String(d); });
    socket.on('end', () => got.push(text));
  });
  const flows = await startNode(t, 'tcp-out', { host: '127.0.0.1', port, end: true }, { ...net(), outputs: 0 });
  const connected = (n: number) => flows.waitForEvent('status', (e) => e.node === 'n' && e.text?.startsWith('connected') === true && flows.events.status.filter((s) => s.text?.startsWith('connected')).length >= n);
  await connected(1);
  flows.send('n', { payload: 42 });
  await eventually(() => got.length === 1, 'the first connection ended');
  await connected(2);
  flows.send('n', { payload: { a: 1 } });
  await eventually(() => got.length === 2, 'the second connection ended');
  assert.deepEqual(got, ['42', '[object Object]'], 'anything but a Buffer is sent as its text, as Node-RED does');
});

test('server mode writes to every connected client', async (t) => {
  const flows = await startNode(t, 'tcp-out', { beserver: 'server' }, { ...net(), outputs: 0 });
  const port = await listeningPort(flows, 'n');
  const a = await tcpClient(t, port);
  const b = await tcpClient(t, port);
  await flows.waitForEvent('status', (e) => e.node === 'n' && e.text?.startsWith('2 connections') === true);
  flows.send('n', { payload: 'to all' });
  await eventually(() => a.received() === 'to all' && b.received() === 'to all', 'both clients');
});

test('a client without a host or port is a deploy error naming the field', async () => {
  assert.deepEqual((await deployErrors('tcp-out', { port: 80 })).map((e) => e.path), ['/config/host']);
  assert.deepEqual((await deployErrors('tcp-out', { host: 'example.org' })).map((e) => e.path), ['/config/port']);
});
