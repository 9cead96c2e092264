// The access policy on its own: password hashing, loopback detection, anonymous
// rules for addresses no test can connect from, and ACL decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAccessPolicy,
  hashPassword,
  isLoopbackAddress,
  verifyPassword,
  type BrokerAccount,
  type BrokerUser,
} from '../../../server/broker/auth.ts';
import { accountDirectory } from '../../helpers/broker.ts';

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
    ok: false, returnCode: 5, code: 'BROKER_ANONYMOUS_REFUSED', reason: 'Anonymous MQTT is not allowed from 192.0.2.7 (mqtt.anonymous is loopback)',
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
    ok: true, principal: { username: 'sensor', readsSys: false },
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
  const alice = { username: 'alice', readsSys: false, acl: { publish: ['sensors/alice/#', 'status/+'], subscribe: ['cmd/+/alice', 'sensors/#'] } };
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

  const readOnly = { username: 'ro', readsSys: false, acl: { subscribe: ['#'] } };
  assert.equal(policy.canPublish(readOnly, 'anything'), false);
  assert.equal(policy.canSubscribe(readOnly, 'anything/#'), true);
  assert.equal(policy.canSubscribe(readOnly, '$SYS/broker/uptime'), false, "[MQTT-4.7.2-1] '#' does not reach $ topics");

  const unrestricted = { readsSys: false };
  assert.equal(policy.canPublish(unrestricted, 'a/b'), true);
  assert.equal(policy.canPublish(unrestricted, '$SYS/broker/uptime'), false, 'nobody writes $SYS');
  for (const filter of ['$SYS/#', '$SYS', '$SYS/broker/+', '$SYS/broker/uptime']) {
    assert.equal(policy.canSubscribe(unrestricted, filter), false, `${filter}: only admins read $SYS`);
    assert.equal(policy.canSubscribe({ readsSys: true }, filter), true, filter);
  }
  const sysInAcl = { username: 'm', readsSys: false, acl: { subscribe: ['$SYS/#'] } };
  assert.equal(policy.canSubscribe(sysInAcl, '$SYS/broker/uptime'), false, 'an ACL cannot grant $SYS to a non-admin');
  assert.equal(policy.canSubscribe(unrestricted, '$share/g/x'), true, 'other $ filters are not $SYS');
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

test('Patchbay accounts: admins and mqtt accounts log in, admins read $SYS, viewers and accounts without a password are refused', async () => {
  const accounts: BrokerAccount[] = [
    { username: 'root', role: 'admin', password: await hashPassword('root-pw') },
    { username: 'plug', role: 'mqtt', password: await hashPassword('plug-pw'), acl: { publish: ['plug/#'] } },
    { username: 'val', role: 'viewer', password: await hashPassword('val-pw') },
    { username: 'fresh', role: 'admin', password: null },
  ];
  const policy = createAccessPolicy({ users: [], anonymous: 'none', accounts: accountDirectory(accounts) });
  const login = (username: string, password: string) => policy.authenticate({ clientId: 'c', remoteAddress: '192.0.2.7', username, password: Buffer.from(password) });

  const root = await login('root', 'root-pw');
  assert.ok(root.ok);
  assert.equal(root.principal.readsSys, true);
  assert.equal(policy.canSubscribe(root.principal, '$SYS/#'), true);
  const plug = await login('plug', 'plug-pw');
  assert.ok(plug.ok);
  assert.deepEqual([plug.principal.readsSys, plug.principal.acl], [false, { publish: ['plug/#'] }]);
  assert.deepEqual(await login('val', 'val-pw'), {
    ok: false, returnCode: 5, code: 'BROKER_ROLE_REFUSED', reason: 'Account "val" is a viewer: viewers may not use MQTT',
  });
  const wrongViewer = await login('val', 'nope');
  assert.equal(wrongViewer.ok === false && wrongViewer.code, 'BROKER_LOGIN_FAILED', 'a viewer\'s role is told only with the right password');
  const fresh = await login('fresh', '');
  assert.equal(fresh.ok === false && fresh.returnCode, 4);
});

test('settings users come before accounts of the same name; a changed account is re-checked', async () => {
  const accounts: BrokerAccount[] = [{ username: 'plug', role: 'mqtt', password: await hashPassword('plug-pw') }];
  const directory = accountDirectory(accounts);
  const settingsUser: BrokerUser = { username: 'hall', password: await hashPassword('hall-pw') };
  const policy = createAccessPolicy({ users: [settingsUser], anonymous: 'none', accounts: directory });
  const from = { clientId: 'c', remoteAddress: '192.0.2.7' };
  const hall = await policy.authenticate({ ...from, username: 'hall', password: Buffer.from('hall-pw') });
  const plug = await policy.authenticate({ ...from, username: 'plug', password: Buffer.from('plug-pw') });
  assert.ok(hall.ok && plug.ok);
  assert.deepEqual(policy.recheck(hall.principal), { ok: true, principal: hall.principal }, 'settings users do not change');

  accounts[0] = { ...accounts[0]!, acl: { subscribe: ['plug/#'] } };
  const narrowed = policy.recheck(plug.principal);
  assert.ok(narrowed.ok);
  assert.equal(policy.canSubscribe(narrowed.principal, 'other/#'), false, 'the new ACL applies');

  accounts[0] = { ...accounts[0]!, password: await hashPassword('new-pw') };
  assert.deepEqual(policy.recheck(narrowed.principal), {
    ok: false, code: 'BROKER_ACCOUNT_CHANGED', reason: 'Account "plug" has a new password: its MQTT connection is closed',
  });
  accounts[0] = { ...accounts[0]!, role: 'viewer' };
  const viewer = await policy.authenticate({ ...from, username: 'plug', password: Buffer.from('new-pw') });
  assert.equal(viewer.ok === false && viewer.code, 'BROKER_ROLE_REFUSED');
  accounts.length = 0;
  const removed = policy.recheck(plug.principal);
  assert.equal(removed.ok === false && removed.reason, 'Account "plug" was removed: its MQTT connection is closed');
});

test('password guessing: past the limit an address is refused with 0x9F without a password check, until the window passes', async () => {
  let now = 1_000_000;
  const users: BrokerUser[] = [{ username: 'sensor', password: await hashPassword('pw') }];
  const policy = createAccessPolicy({ users, anonymous: 'none', loginLimits: { perClient: 3, perUser: 3, windowMs: 60_000 }, now: () => now });
  const attempt = (password: string, remoteAddress = '192.0.2.7') => policy.authenticate({ clientId: 'c', remoteAddress, username: 'sensor', password: Buffer.from(password) });
  for (let i = 0; i < 3; i++) assert.equal((await attempt('guess')).ok, false);
  assert.deepEqual(await attempt('pw'), {
    ok: false, returnCode: 5, reasonCode: 0x9f, code: 'BROKER_LOGIN_RATE_LIMITED',
    reason: 'Too many failed MQTT logins from 192.0.2.7: refused without checking the password for 60 s',
  });
  assert.equal((await attempt('pw', '192.0.2.8')).ok, true, 'other addresses, and so the account, are not locked');
  now += 60_001;
  assert.equal((await attempt('pw')).ok, true, 'the window passed');
});

test('anonymous over WebSocket from a web page (an Origin) is refused, even from loopback, unless allowed', async () => {
  const fromPage = { clientId: 'c', remoteAddress: '127.0.0.1', origin: 'http://127.0.0.1:1880' };
  const strict = createAccessPolicy({ users: [], anonymous: 'all' });
  assert.deepEqual(await strict.authenticate(fromPage), {
    ok: false, returnCode: 5, code: 'BROKER_ANONYMOUS_BROWSER',
    reason: 'Anonymous MQTT over WebSocket from a web page (Origin http://127.0.0.1:1880) is refused: log in with an account, or set mqtt.allowAnonymousWebSocket',
  });
  assert.equal((await strict.authenticate({ ...fromPage, origin: undefined })).ok, true, 'non-browser clients send no Origin');
  const allowing = createAccessPolicy({ users: [], anonymous: 'loopback', allowAnonymousWebSocket: true });
  assert.equal((await allowing.authenticate(fromPage)).ok, true);
  assert.equal((await allowing.authenticate({ ...fromPage, remoteAddress: '192.0.2.7' })).ok, false, 'still within mqtt.anonymous');
});
