import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { runFlows } from '../../test/helpers/flows.ts';
import { eventually, listeningPort, netCapabilities, tcpClient, tcpServer } from '../../test/helpers/net.ts';
import { startNode } from '../../test/helpers/node-test.ts';

const net = () => ({ capabilities: netCapabilities() });

test('server, stream of strings split at a delimiter: a message per line, with the session, ip and port', async (t) => {
  const flows = await startNode(t, 'tcp-in', { datatype: 'utf8', newline: '\\n', topic: 'lines' }, net());
  const port = await listeningPort(flows, 'n');
  const client = await tcpClient(t, port);
  client.socket.write('first\nsec');
  client.socket.write('ond\nrest');
  client.socket.end();
  const got = await flows.waitFor('out0', 3);
  assert.deepEqual(got.map((m) => m.payload), ['first', 'second', 'rest'], 'what follows the last delimiter comes at the end');
  assert.equal(got[0]!.topic, 'lines');
  assert.equal(got[0]!.ip, '127.0.0.1');
  assert.equal(got[0]!.port, client.socket.localPort);
  const session = got[0]!._session as { type: string; id: string };
  assert.equal(session.type, 'tcp');
  assert.match(session.id, /^[0-9a-f]{16}$/);
  assert.deepEqual(got[2]!._session, session, 'one connection, one session');
});

test('re-attach delimiter keeps it on each piece', async (t) => {
  const flows = await startNode(t, 'tcp-in', { datatype: 'utf8', newline: '\\r\\n', trim: true }, net());
  const client = await tcpClient(t, await listeningPort(flows, 'n'));
  client.socket.write('a\r\nb\r\n');
  assert.deepEqual((await flows.waitFor('out0', 2)).map((m) => m.payload), ['a\r\n', 'b\r\n']);
});

test('single mode: one message with the whole stream when the connection closes, base64 of all of it', async (t) => {
  const flows = await startNode(t, 'tcp-in', { datamode: 'single', datatype: 'base64' }, net());
  const client = await tcpClient(t, await listeningPort(flows, 'n'));
  client.socket.write('hello ');
  await new Promise((resolve) => setTimeout(resolve, 20));
  client.socket.end('world');
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, Buffer.from('hello world').toString('base64'));
  assert.equal(flows.received('out0').length, 1);
});

test('stream of Buffers: each piece as it arrives', async (t) => {
  const flows = await startNode(t, 'tcp-in', {}, net());
  const client = await tcpClient(t, await listeningPort(flows, 'n'));
  client.socket.write(Buffer.from([1, 2, 3]));
  const [msg] = await flows.waitFor('out0');
  assert.ok(Buffer.isBuffer(msg!.payload));
  assert.deepEqual([...(msg!.payload as Buffer)], [1, 2, 3]);
});

test('a server listens on 127.0.0.1 only unless a host is named', async (t) => {
  const flows = await startNode(t, 'tcp-in', {}, net());
  const port = await listeningPort(flows, 'n');
  assert.ok(flows.events.status.some((e) => e.text === `0 connections · 127.0.0.1:${port}`));
  const lan = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!lan) return t.skip('this machine has no non-loopback IPv4 address to try');
  const refused = await new Promise<string>((resolve) => {
    const socket = connect({ host: lan.address, port });
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
  assert.equal(refused, 'ECONNREFUSED', `not reachable on ${lan.address}`);
});

test('client mode connects to a server and reads what it sends', async (t) => {
  const { port } = await tcpServer(t, (socket) => socket.end('from the server'));
  const flows = await startNode(t, 'tcp-in', { server: 'client', host: '127.0.0.1', port, datatype: 'utf8', datamode: 'single' }, net());
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, 'from the server');
  assert.equal((msg!._session as { type: string }).type, 'tcp');
});

test('tcp out in reply mode answers only the connection msg._session names', async (t) => {
  const flows = await runFlows([
    { id: 'in', type: 'tcp-in', config: { datatype: 'utf8', newline: '\\n' }, wires: [['upper']] },
    { id: 'upper', type: 'function', config: { code: 'msg.payload = msg.payload.toUpperCase() + "\\n"; return msg;' }, wires: [['out']] },
    { id: 'out', type: 'tcp-out', config: { beserver: 'reply' } },
  ], net());
  t.after(() => flows.stop());
  const port = await listeningPort(flows, 'in');
  const a = await tcpClient(t, port);
  const b = await tcpClient(t, port);
  a.socket.write('hello\n');
  await eventually(() => a.received() === 'HELLO\n', 'the reply to a');
  b.socket.write('bye\n');
  await eventually(() => b.received() === 'BYE\n', 'the reply to b');
  assert.equal(a.received(), 'HELLO\n', 'a never saw b\'s reply');
});

test('a port in use stops only that node, with NET_LISTEN_FAILED', async (t) => {
  const { port } = await tcpServer(t, () => undefined);
  const flows = await startNode(t, 'tcp-in', { port }, net());
  const status = await flows.waitForEvent('status', (e) => e.node === 'n' && e.text === 'cannot listen');
  assert.equal(status.fill, 'red');
  const log = await flows.waitForEvent('log', (e) => e.node === 'n' && e.level === 'error');
  assert.match(log.message, new RegExp(`Cannot listen on 127.0.0.1:${port}`));
});

test('stopping the node closes its connections and frees the port', async (t) => {
  const flows = await startNode(t, 'tcp-in', {}, net());
  const port = await listeningPort(flows, 'n');
  const client = await tcpClient(t, port);
  await flows.stop();
  await client.closed;
  const again = createServer();
  t.after(() => { again.close(); });
  await new Promise<void>((resolve, reject) => { again.once('error', reject); again.listen(port, '127.0.0.1', resolve); });
});

test('IPv6: a server on ::1, and a client connecting to it', async (t) => {
  const flows = await runFlows([
    { id: 'server', type: 'tcp-in', config: { host: '::1', datatype: 'utf8', newline: '\\n' }, wires: [['lines']] },
    { id: 'lines', type: 'test-sink' },
  ], net());
  t.after(() => flows.stop());
  const port = await listeningPort(flows, 'server');
  assert.ok(flows.events.status.some((e) => e.text === `0 connections · [::1]:${port}`));
  await flows.redeploy([
    { id: 'server', type: 'tcp-in', config: { host: '::1', port, datatype: 'utf8', newline: '\\n' }, wires: [['lines']] },
    { id: 'lines', type: 'test-sink' },
    { id: 'client', type: 'tcp-out', config: { host: '::1', port } },
  ]);
  await flows.waitForEvent('status', (e) => e.node === 'client' && e.text === `connected · [::1]:${port}`);
  flows.send('client', { payload: 'over six\n' });
  const [msg] = await flows.waitFor('lines');
  assert.equal(msg!.payload, 'over six');
  assert.equal(msg!.ip, '::1');
});
