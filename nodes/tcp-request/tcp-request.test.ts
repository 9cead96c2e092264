import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { runFlows } from '../../test/helpers/flows.ts';
import { eventually, netCapabilities, tcpServer } from '../../test/helpers/net.ts';
import { deployErrors, settle, startNode } from '../../test/helpers/node-test.ts';

const net = () => ({ capabilities: netCapabilities() });

/** A server that answers each request with `reply(request)`, written in one go. */
const answering = (t: Parameters<typeof tcpServer>[0], reply: (request: string) => string | Buffer) =>
  tcpServer(t, (socket: Socket) => socket.on('data', (d) => socket.write(reply(String(d)))));

test('time: the reply after it has been quiet, on the message that asked (other properties kept)', async (t) => {
  const { port } = await answering(t, (request) => `echo:${request}`);
  const flows = await startNode(t, 'tcp-request', { server: '127.0.0.1', port, out: 'time', splitc: '50', ret: 'string' }, net());
  flows.send('n', { payload: 'hi', topic: 'asked' });
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, 'echo:hi');
  assert.equal(msg!.topic, 'asked');
});

test('char: the reply up to and including the character; the connection then closes', async (t) => {
  const { port, sockets } = await answering(t, () => 'first\nsecond\n');
  const flows = await startNode(t, 'tcp-request', { server: '127.0.0.1', port, out: 'char', splitc: '\\n', ret: 'string' }, net());
  flows.send('n', { payload: 'q' });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'first\n');
  await eventually(() => sockets[0]!.destroyed, 'the server side closed');
  await settle();
  assert.equal(flows.received('out0').length, 1);
});

test('count: a Buffer of that many bytes', async (t) => {
  const { port } = await answering(t, () => 'abcdef');
  const flows = await startNode(t, 'tcp-request', { server: '127.0.0.1', port, out: 'count', splitc: '4' }, net());
  flows.send('n', { payload: Buffer.from([0]) });
  const [msg] = await flows.waitFor('out0');
  assert.ok(Buffer.isBuffer(msg!.payload));
  assert.equal(String(msg!.payload), 'abcd');
});

test('sit: never closes; strings split at the delimiter, later requests on the same connection', async (t) => {
  const { port, sockets } = await answering(t, (request) => `${request}-1\n${request}-2\n`);
  const flows = await startNode(t, 'tcp-request', { server: '127.0.0.1', port, out: 'sit', ret: 'string', newline: '\\n' }, net());
  flows.send('n', { payload: 'a' });
  await flows.waitFor('out0', 2);
  flows.send('n', { payload: 'b' });
  const got = await flows.waitFor('out0', 4);
  assert.deepEqual(got.map((m) => m.payload), ['a-1', 'a-2', 'b-1', 'b-2']);
  assert.equal(sockets.length, 1, 'one connection');
});

test('immed: sends and closes without waiting; nothing goes on', async (t) => {
  let received = '';
  const { port } = await tcpServer(t, (socket) => socket.on('data', (d) => { received += String(d); }));
  const flows = await startNode(t, 'tcp-request', { server: '127.0.0.1', port, out: 'immed' }, net());
  flows.send('n', { payload: 'fire and forget' });
  await eventually(() => received === 'fire and forget', 'the server got it');
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('msg.host and msg.port when the node names none', async (t) => {
  const { port } = await answering(t, () => 'pong');
  const flows = await startNode(t, 'tcp-request', { out: 'count', splitc: '4', ret: 'string' }, net());
  flows.send('n', { payload: 'ping', host: '127.0.0.1', port });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'pong');
});

test('a refused connection is a NET_CONNECT_FAILED error on the message', async (t) => {
  const { port, server } = await tcpServer(t, () => undefined);
  await new Promise((resolve) => server.close(resolve));
  const flows = await runFlows([
    { id: 'n', type: 'tcp-request', config: { server: '127.0.0.1', port }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'c', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ], net());
  t.after(() => flows.stop());
  flows.send('n', { payload: 'x', topic: 'mine' });
  const [caught] = await flows.waitFor('caught');
  assert.equal((caught!.error as { code: string }).code, 'NET_CONNECT_FAILED');
  assert.equal(caught!.topic, 'mine');
});

test('a "close after" value that does not fit the mode is a deploy error', async () => {
  assert.equal((await deployErrors('tcp-request', { out: 'count', splitc: 'many' }))[0]?.path, '/config/splitc');
  assert.equal((await deployErrors('tcp-request', { out: 'time', splitc: '-5' }))[0]?.path, '/config/splitc');
});
