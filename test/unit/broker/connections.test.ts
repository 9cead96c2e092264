import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { Connections } from '../../../server/broker/listeners/connections.ts';

test('accepted sockets get TCP_NODELAY, are counted, and are destroyed on demand', async (t) => {
  const connections = new Connections();
  const noDelay: boolean[] = [];
  const server = createServer((socket: Socket) => {
    // observe the call on the real socket: Node offers no getsockopt to read it back
    const setNoDelay = socket.setNoDelay.bind(socket);
    socket.setNoDelay = (enable?: boolean) => {
      noDelay.push(enable ?? true);
      return setNoDelay(enable);
    };
    connections.accept(socket);
    socket.write('hello');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');

  const client = connect(address.port, '127.0.0.1');
  t.after(() => client.destroy());
  client.write('ping!');
  await once(client, 'data');
  assert.deepEqual(noDelay, [true]);
  const closed = once(client, 'close');
  for (let tries = 0; connections.bytes().received < 5 && tries < 500; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10)); // the server reads 'ping!' a moment later
  }
  assert.deepEqual(connections.bytes(), { received: 5, sent: 5 });
  connections.destroyAll();
  await closed;
  assert.deepEqual(connections.bytes(), { received: 5, sent: 5 }, 'closed sockets still count');
});
