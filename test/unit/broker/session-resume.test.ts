import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionResumes, type QueuedPacket } from '../../../server/broker/persistence/session-resume.ts';

function queued(seq: number, messageId?: number): { seq: number; packet: QueuedPacket } {
  return { seq, packet: { cmd: 'publish', brokerId: 'b', brokerCounter: seq, messageId } };
}

test('[MQTT-4.6.0-6] live messages wait while a session resumes, until every queued one is forwarded', async () => {
  const resumes = new SessionResumes();
  resumes.hold('c', {});
  const queue = [queued(1, 7), queued(2)];
  const drain = resumes.drain('c', (after) => queue.filter((row) => row.seq > after));
  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 3 }), false, 'held while resuming');

  assert.equal((await drain.next()).value?.brokerCounter, 1);
  assert.equal((await drain.next()).value?.brokerCounter, 2);
  queue.push(queued(3)); // a live message queued (and held) during the resume
  assert.equal((await drain.next()).value?.brokerCounter, 3, 'picked up by the drain');
  const end = drain.next(); // no more rows, but three are not forwarded yet
  assert.equal(resumes.forwarded('c', 7), true, '[MQTT-3.3.1-1] sent before this resume: DUP');
  assert.equal(resumes.forwarded('c', 100), false);
  assert.equal(resumes.resuming('c'), true);
  assert.equal(resumes.forwarded('c', 101), false);
  assert.equal((await end).done, true);
  assert.equal(resumes.resuming('c'), false);

  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 3 }), false, 'a late live copy of a drained one');
  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 4 }), true);
});

test('a client that is not resuming streams nothing and is never held', async () => {
  const resumes = new SessionResumes();
  const drain = resumes.drain('c', () => [queued(1)]);
  assert.equal((await drain.next()).done, true);
  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 1 }), true);
  resumes.hold('c', {});
  resumes.forget('c');
  assert.equal(resumes.resuming('c'), false);
});

test('a connection that closes while resuming ends its hold; another connection of the same id does not', async () => {
  const resumes = new SessionResumes();
  const signingIn = {};
  resumes.hold('c', signingIn);
  resumes.release('c', {}); // the connection it is taking over from closes: not the resuming one
  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 1 }), false);
  resumes.release('c', signingIn); // it went away during sign-in
  assert.equal(resumes.resuming('c'), false);
  assert.equal(resumes.mayDeliverLive('c', { brokerId: 'b', brokerCounter: 1 }), true, 'live delivery goes on');

  const draining = {};
  resumes.hold('c', draining);
  const drain = resumes.drain('c', (after) => [queued(1)].filter((row) => row.seq > after));
  assert.equal((await drain.next()).value?.brokerCounter, 1);
  const end = drain.next(); // waits for the packet to be forwarded
  resumes.release('c', draining); // the connection closed first
  assert.equal((await end).done, true, 'the drain ends instead of waiting for ever');
});

test('a queued packet aedes skips (its store update failed) does not keep the resume waiting', async () => {
  const resumes = new SessionResumes();
  resumes.hold('c', {});
  const drain = resumes.drain('c', (after) => [queued(1), queued(2)].filter((row) => row.seq > after));
  await drain.next();
  await drain.next();
  const end = drain.next();
  resumes.forwarded('c', 1);
  resumes.skipped('c');
  assert.equal((await end).done, true);
  assert.equal(resumes.resuming('c'), false);
});
