// The QoS 1 path through the broker's held acknowledgements (delivery/durable-acks.ts): a QoS 1
// message goes on to its subscribers in the turn of the event loop that read its PUBLISH, as a
// QoS 0 one does, the PUBACKs of what one read brought leave together, and after the message's
// deliveries.
import { Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket from 'mqtt-packet';
import { connectPacket, rawConnection, startTestBroker, until, type RawConnection } from '../helpers/broker.ts';

const publish = (messageId: number, qos: 0 | 1): mqttPacket.IPublishPacket =>
  ({ cmd: 'publish', topic: 'path/a', payload: Buffer.from(`m${messageId}`), qos, retain: false, dup: false, ...(qos ? { messageId } : {}) });

/** Calls `onWrite` for every socket write the broker makes to `raw`, and `onRead` for every read it makes from it. */
function watchBrokerSide(t: TestContext, raw: RawConnection, on: { onWrite?: () => void; onRead?: () => void }): void {
  const clientPort = raw.socket.localPort;
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev' | 'read', (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev', 'read'] as const) {
    const original = proto[name];
    const hook = name === 'read' ? on.onRead : on.onWrite;
    proto[name] = function (this: Socket, ...args: unknown[]) {
      const result = original.apply(this, args);
      // aedes reads with read(null) and gets null once the socket is empty
      if (this.remotePort === clientPort && (name !== 'read' || result !== null)) hook?.();
      return result;
    };
    t.after(() => { proto[name] = original; });
  }
}

async function connected(t: TestContext, port: number, clientId = `qos1-${port}`): Promise<RawConnection> {
  const raw = await rawConnection(t, port);
  raw.send(connectPacket({ clientId }));
  assert.equal((await raw.next()).cmd, 'connack');
  return raw;
}

for (const qos of [0, 1] as const) {
  test(`a QoS ${qos} message reaches an in-process subscriber in the turn of the event loop that read its PUBLISH`, async (t) => {
    const { broker } = await startTestBroker(t);
    const raw = await connected(t, broker.ports.tcp);
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    t.after(() => { ticking = false; });
    let readIn: number | undefined;
    watchBrokerSide(t, raw, { onRead: () => { readIn ??= turn; } });
    let deliveredIn: number | undefined;
    await broker.subscribe('path/#', () => { deliveredIn = turn; });

    raw.send(publish(1, qos));
    await until(() => deliveredIn !== undefined, 'the in-process delivery');
    assert.equal(deliveredIn, readIn, `read in turn ${readIn}, delivered in turn ${deliveredIn}`);
  });
}

test('the PUBACKs of QoS 1 messages read together leave in one socket write, in order', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await connected(t, broker.ports.tcp);
  let writes = 0;
  watchBrokerSide(t, raw, { onWrite: () => writes++ });
  const ids = Array.from({ length: 20 }, (_, i) => i + 1);
  raw.socket.write(Buffer.concat(ids.map((id) => mqttPacket.generate(publish(id, 1)))));
  const acked: number[] = [];
  for (const _ of ids) {
    const ack = await raw.next();
    assert.equal(ack.cmd, 'puback');
    acked.push(ack.messageId!);
  }
  assert.deepEqual(acked, ids);
  assert.ok(writes <= 2, `20 PUBACKs went out in ${writes} socket writes (one per PUBACK before)`);
});

/** Lists the broker's socket writes to the given connections, by name, in the order they happen. */
function brokerWrites(t: TestContext, connections: Record<string, RawConnection>): string[] {
  const byPort = new Map(Object.entries(connections).map(([name, raw]) => [raw.socket.localPort, name]));
  const writes: string[] = [];
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const method of ['_write', '_writev'] as const) {
    const original = proto[method];
    proto[method] = function (this: Socket, ...args: unknown[]) {
      const name = byPort.get(this.remotePort);
      if (name) writes.push(name);
      return original.apply(this, args);
    };
    t.after(() => { proto[method] = original; });
  }
  return writes;
}

// The PUBACK's write is a system call on the broker's one thread, and it wakes the publisher
// first: made before the delivery, it delayed every QoS 1 message by it.
for (const route of ['direct', 'through an in-process flow'] as const) {
  test(`a QoS 1 message goes out to its subscriber before its PUBACK to the publisher (${route})`, async (t) => {
    const { broker } = await startTestBroker(t);
    const subscriber = await connected(t, broker.ports.tcp, 'subscriber');
    subscriber.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'out/#', qos: 1 }] });
    assert.equal((await subscriber.next()).cmd, 'suback');
    if (route !== 'direct') {
      // as the runtime's router does: the flow runs in a turn of the event loop of its own
      await broker.subscribe('in/#', (m) => setImmediate(() => void broker.publish('out/b', m.payload, { qos: 1 })));
    }
    const publisher = await connected(t, broker.ports.tcp, 'publisher');
    const writes = brokerWrites(t, { publisher, subscriber });
    publisher.send({ ...publish(7, 1), topic: route === 'direct' ? 'out/a' : 'in/a' });
    const [ack, delivered] = await Promise.all([publisher.next(), subscriber.next()]);
    assert.deepEqual([ack.cmd, delivered.cmd], ['puback', 'publish']);
    assert.deepEqual(writes, ['subscriber', 'publisher']);
  });
}
