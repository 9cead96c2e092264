import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROKER_DEFAULTS, resolveBrokerOptions } from '../../../server/broker/options.ts';

test('defaults: loopback host, port 1883, loopback-only anonymous, $SYS every 10 s', () => {
  const resolved = resolveBrokerOptions({});
  assert.equal(resolved.host, '127.0.0.1');
  assert.equal(resolved.tcpPort, 1883);
  assert.equal(resolved.anonymous, 'loopback');
  assert.equal(resolved.sysInterval, 10_000);
  assert.equal(resolved.dataDir, undefined);
  assert.equal(resolved.log, BROKER_DEFAULTS.log);
  assert.deepEqual([resolved.allowAnonymousWebSocket, resolved.maxPublishRate], [false, 0], 'no anonymous web pages, no rate limit');
});

test('invalid settings fail with BROKER_OPTIONS_INVALID naming the setting', () => {
  const cases: Array<[Parameters<typeof resolveBrokerOptions>[0], RegExp]> = [
    [{ tcpPort: 70000 }, /tcpPort/],
    [{ tcpPort: -1 }, /tcpPort/],
    [{ tls: { port: 1.5, cert: 'c', key: 'k' } }, /tls\.port/],
    [{ sysInterval: -5 }, /sysInterval/],
    [{ maxPublishRate: -1 }, /maxPublishRate/],
    [{ maxPublishRate: Number.NaN }, /maxPublishRate/],
    [{ publishBurst: 2.5 }, /publishBurst/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => resolveBrokerOptions(options), { code: 'BROKER_OPTIONS_INVALID', message });
  }
});
