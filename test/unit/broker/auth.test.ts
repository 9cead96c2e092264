// The access policy on its own: password hashing, loopback detection, anonymous
// rules for addresses no test can connect from, and ACL decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAccessPolicy,
  hashPassword,
  isLoopbackAddress,
  verifyPassword,
  type BrokerUser,
} from '../../../server/broker/auth.ts';

test('hashPassword makes salted scrypt hashes that verifyPassword accepts', async () => {
  const hash = await hashPassword('s3cret');
  assert.match(hash, /^scrypt\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
  assert.notEqual(hash, await hashPassword('s3cret'), 'a fresh salt each time');
  assert.equal(await verifyPassword('s3cret', hash), true);
  assert.equal(await verifyPassword(Buffer.from('s3cret'), hash), true);
  assert.equal(await verifyPassword('s3cret!', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('verifyPassword is false for malformed hashes instead of throwing', async () => {
  for (const stored of ['', 's3cret', 'scrypt$$', 'scrypt$abc$', 'scrypt$c2FsdA==$aGFzaA==', 'bcrypt$x$y']) {
    assert.equal(await verifyPassword('s3cret', stored), false, stored);
  }
});

test('isLoopbackAddress knows IPv4, IPv6 and IPv4-mapped loopback', () => {
  for (const address of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) {
    assert.equal(isLoopbackAddress(address), true, address);
  }
  for (const address of [undefined, '', '10.0.0.1', '192.168.1.20', '::ffff:192.0.2.7', '::2', 'fe80::1', '128.0.0.1', 'localhost']) {
    assert.equal(isLoopbackAddress(address), false, String(address));
  }
});

test('anonymous clients: loopback only by default policy, everyone with all, no one with none', async () => {
  const attempt = (remoteAddress: string, proxied = false) => ({ clientId: 'c', remoteAddress, proxied });
  const loopback = createAccessPolicy({ users: [], anonymous: 'loopback' });
  assert.equal((await loopback.authenticate(attempt('127.0.0.1'))).ok, true);
  assert.equal((await loopback.authenticate(attempt('::ffff:127.0.0.1'))).ok, true);
  assert.equal((await loopback.authenticate(attempt('::1'))).ok, true);
  assert.deepEqual(await loopback.authenticate(attempt('192.0.2.7')), {
    ok: false, returnCode: 5, reason: 'anonymous not allowed from this address',
  });
  assert.equal((await loopback.authenticate(attempt('::ffff:198.51.100.1'))).ok, false);
  assert.equal((await loopback.authenticate(attempt('127.0.0.1', true))).ok, false, 'a proxied request is not local');

  const all = createAccessPolicy({ users: [], anonymous: 'all' });
  assert.equal((await all.authenticate(attempt('192.0.2.7'))).ok, true);
  const none = createAccessPolicy({ users: [], anonymous: 'none' });
  assert.equal((await none.authenticate(attempt('127.0.0.1'))).ok, false);
});

test('users: the right password from anywhere, wrong or missing ones refused with 4', async () => {
  const users: BrokerUser[] = [{ username: 'sensor', password: await hashPassword('pw') }];
  const policy = createAccessPolicy({ users, anonymous: 'none' });
  const from = { clientId: 'c', remoteAddress: '192.0.2.7' };
  assert.deepEqual(await policy.authenticate({ ...from, username: 'sensor', password: Buffer.from('pw') }), {
    ok: true, principal: { username: 'sensor', acl: undefined },
  });
  for (const password of [Buffer.from('nope'), undefined]) {
    const verdict = await policy.authenticate({ ...from, username: 'sensor', password });
    assert.equal(verdict.ok === false && verdict.returnCode, 4);
  }
  const unknown = await policy.authenticate({ ...from, username: 'ghost', password: Buffer.from('pw') });
  assert.equal(unknown.ok === false && unknown.returnCode, 4);
});

test('ACLs: publish and subscribe patterns with + and #, nothing when a list is absent', () => {
  const policy = createAccessPolicy({ users: [], anonymous: 'none' });
  const alice = { username: 'alice', acl: { publish: ['sensors/alice/#', 'status/+'], subscribe: ['cmd/+/alice', 'sensors/#'] } };
  assert.equal(policy.canPublish(alice, 'sensors/alice'), true, "'#' includes the parent level");
  assert.equal(policy.canPublish(alice, 'sensors/alice/temp/raw'), true);
  assert.equal(policy.canPublish(alice, 'status/alice'), true);
  assert.equal(policy.canPublish(alice, 'status/alice/x'), false);
  assert.equal(policy.canPublish(alice, 'sensors/bob'), false);
  assert.equal(policy.canSubscribe(alice, 'cmd/light/alice'), true);
  assert.equal(policy.canSubscribe(alice, 'cmd/+/alice'), true);
  assert.equal(policy.canSubscribe(alice, 'cmd/#'), false, 'a wider filter than allowed');
  assert.equal(policy.canSubscribe(alice, 'sensors/+/temp'), true);
  assert.equal(policy.canSubscribe(alice, '#'), false);

  const readOnly = { username: 'ro', acl: { subscribe: ['#'] } };
  assert.equal(policy.canPublish(readOnly, 'anything'), false);
  assert.equal(policy.canSubscribe(readOnly, 'anything/#'), true);
  assert.equal(policy.canSubscribe(readOnly, '$SYS/broker/uptime'), false, "[MQTT-4.7.2-1] '#' does not reach $ topics");

  const unrestricted = {};
  assert.equal(policy.canPublish(unrestricted, 'a/b'), true);
  assert.equal(policy.canPublish(unrestricted, '$SYS/broker/uptime'), false, 'nobody writes $SYS');
  assert.equal(policy.canSubscribe(unrestricted, '$SYS/#'), true);
});

test('settings with plain passwords or malformed ACL patterns are rejected up front', () => {
  const invalid = (users: BrokerUser[]) => () => createAccessPolicy({ users, anonymous: 'none' });
  assert.throws(invalid([{ username: 'a', password: 'plain' }]), { code: 'BROKER_OPTIONS_INVALID', message: /users\["a"\]\.password/ });
  const hash = 'scrypt$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
  assert.throws(invalid([{ username: 'a', password: hash, acl: { publish: ['a/#/b'] } }]), {
    code: 'BROKER_OPTIONS_INVALID',
    message: /acl\.publish.*a\/#\/b/,
  });
  assert.throws(invalid([{ username: '', password: hash }]), { code: 'BROKER_OPTIONS_INVALID' });
  assert.doesNotThrow(invalid([{ username: 'a', password: hash, acl: { subscribe: ['+/x/#'] } }]));
});
