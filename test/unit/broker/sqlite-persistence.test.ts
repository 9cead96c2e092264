// aedes-persistence's own conformance suite against the SQLite store, plus the one
// property that suite cannot check: the state is still there after reopening the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SESSION_MARKER_FILTER, SqlitePersistence } from '../../../server/broker/persistence/sqlite-persistence.ts';

const dir = mkdtempSync(join(tmpdir(), 'patchbay-persistence-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// abstract.js is CommonJS without typings; it registers its tests with the `test` it is given.
const abstractPersistence: (opts: object) => void = createRequire(import.meta.url)('aedes-persistence/abstract.js');
let instances = 0;
abstractPersistence({
  test,
  testAsync: true,
  persistence: () => new SqlitePersistence(join(dir, `abstract-${++instances}.sqlite`)),
});

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

test('retained messages, subscriptions, queued packets and wills survive reopening the file', async () => {
  const file = join(dir, 'reopen.sqlite');
  const broker = { id: 'broker-1' };
  const first = new SqlitePersistence(file);
  await first.setup(broker);
  await first.storeRetained({ cmd: 'publish', topic: 'home/temp', payload: Buffer.from('21'), qos: 1, retain: true });
  await first.addSubscriptions({ id: 'dev' }, [{ topic: 'cmd/#', qos: 1 }, { topic: 'news', qos: 0 }]);
  const queued = { cmd: 'publish', topic: 'cmd/x', payload: Buffer.from('go'), qos: 1, retain: false, brokerId: 'broker-1', brokerCounter: 7 };
  await first.outgoingEnqueueCombi([{ clientId: 'dev' }], queued);
  await first.putWill({ id: 'dev' }, { cmd: 'publish', topic: 'dev/status', payload: Buffer.from('gone'), qos: 1, retain: true });
  await first.destroy();

  const second = new SqlitePersistence(file);
  await second.setup({ id: 'broker-2' });
  const retained = await collect(second.createRetainedStream('home/+'));
  assert.equal(retained.length, 1);
  assert.deepEqual(retained[0].payload, Buffer.from('21'));
  assert.deepEqual(await second.subscriptionsByClient({ id: 'dev' }), [
    { topic: 'cmd/#', qos: 1, rh: undefined, rap: undefined, nl: undefined },
    { topic: 'news', qos: 0, rh: undefined, rap: undefined, nl: undefined },
  ]);
  assert.deepEqual((await second.subscriptionsByTopic('cmd/x')).map((s) => s.clientId), ['dev']);
  const outgoing = await collect<{ topic?: string; brokerCounter?: number }>(second.outgoingStream({ id: 'dev' }));
  assert.deepEqual(outgoing.map((p) => [p.topic, p.brokerCounter]), [['cmd/x', 7]]);
  const wills = await collect<{ topic?: string }>(second.streamWill({ 'broker-2': Date.now() }));
  assert.deepEqual(wills.map((w) => w.topic), ['dev/status']);
  assert.equal(second.countRetained(), 1);
  await second.destroy();
});

test('a packet queued before reopening the file is removed by its acknowledgement after it', async () => {
  const file = join(dir, 'ack-after-reopen.sqlite');
  const first = new SqlitePersistence(file);
  await first.setup({ id: 'broker-1' });
  const queued = { cmd: 'publish', topic: 'cmd/x', payload: Buffer.from('go'), qos: 1, retain: false, brokerId: 'broker-1', brokerCounter: 7 };
  await first.outgoingEnqueueCombi([{ clientId: 'dev' }], queued);
  await first.destroy();

  const second = new SqlitePersistence(file);
  await second.setup({ id: 'broker-2' });
  // aedes gives the resent packet its identifier, then the client's PUBACK names it
  await second.outgoingUpdate({ id: 'dev' }, { ...queued, messageId: 42 });
  const acked = await second.outgoingClearMessageId({ id: 'dev' }, { messageId: 42 });
  assert.equal(acked?.topic, 'cmd/x');
  assert.deepEqual(await collect(second.outgoingStream({ id: 'dev' })), []);
  // a client for which nothing was queued has nothing to remove
  assert.equal(await second.outgoingClearMessageId({ id: 'other' }, { messageId: 42 }), undefined);
  await second.destroy();
});

test('[MQTT-4.7.2-1] retained $ topics are not matched by filters starting with a wildcard', async (t) => {
  const store = new SqlitePersistence(':memory:');
  t.after(() => store.destroy());
  await store.setup({ id: 'b' });
  await store.storeRetained({ cmd: 'publish', topic: '$app/state', payload: Buffer.from('x'), qos: 0, retain: true });
  await store.storeRetained({ cmd: 'publish', topic: 'app/state', payload: Buffer.from('y'), qos: 0, retain: true });
  const topics = async (filter: string) => (await collect<{ topic?: string }>(store.createRetainedStream(filter))).map((p) => p.topic);
  assert.deepEqual(await topics('#'), ['app/state']);
  assert.deepEqual(await topics('+/state'), ['app/state']);
  assert.deepEqual(await topics('$app/#'), ['$app/state']);
});

test('retained lookups treat GLOB characters in topics literally', async (t) => {
  const store = new SqlitePersistence(':memory:');
  t.after(() => store.destroy());
  await store.setup({ id: 'b' });
  for (const topic of ['a*/x', 'ab/x', 'a[1]/x', 'a?/x']) {
    await store.storeRetained({ cmd: 'publish', topic, payload: Buffer.from('1'), qos: 0, retain: true });
  }
  for (const topic of ['a*', 'a[1]', 'a?']) {
    const found = await collect<{ topic?: string }>(store.createRetainedStream(`${topic}/+`));
    assert.deepEqual(found.map((p) => p.topic), [`${topic}/x`]);
  }
});

test('a store written by schema 1 (sessions without an expiry) opens and keeps its sessions', async () => {
  const file = join(dir, 'schema1.sqlite');
  const old = new Database(file);
  old.exec('CREATE TABLE sessions (client_id TEXT PRIMARY KEY) WITHOUT ROWID; INSERT INTO sessions VALUES (\'old-device\');');
  old.pragma('user_version = 1');
  old.close();
  const store = new SqlitePersistence(file);
  await store.setup({ id: 'b' });
  assert.deepEqual(await store.subscriptionsByClient({ id: 'old-device' }), [{ topic: SESSION_MARKER_FILTER, qos: 0 }], 'still present');
  await store.destroy();
});

test('[MQTT-3.1.2-23] a disconnected session ends when its expiry passes, also after reopening the file', async () => {
  const file = join(dir, 'expiry.sqlite');
  const first = new SqlitePersistence(file);
  await first.setup({ id: 'b' });
  for (const id of ['soon', 'later', 'never']) {
    first.markSession(id);
    await first.addSubscriptions({ id }, [{ topic: 'x/#', qos: 1 }]);
  }
  first.sessionDisconnected('soon', 0.05);
  first.sessionDisconnected('later', 3600);
  first.sessionDisconnected('never', 0xffff_ffff);
  await first.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = new SqlitePersistence(file);
  await second.setup({ id: 'b' });
  const topics = async (id: string) => (await second.subscriptionsByClient({ id })).map((s) => s.topic);
  assert.deepEqual(await topics('soon'), [], 'expired while the store was closed');
  assert.deepEqual(await topics('later'), ['x/#']);
  assert.deepEqual(await topics('never'), ['x/#']);
  await second.destroy();
});
