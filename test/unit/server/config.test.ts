import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../../../server/config.ts';

test('flags beat environment, which beats the settings file, which beats defaults', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ port: 1000, host: '0.0.0.0', mqttPort: 2000 }));
  const settings = resolveSettings({ dataDir, port: 3000 }, { PATCHBAY_PORT: '4000', PATCHBAY_MQTT_PORT: '0' });
  assert.equal(settings.port, 3000);
  assert.equal(settings.mqttPort, 0);
  assert.equal(settings.host, '0.0.0.0');
  assert.equal(settings.flowsFile, join(dataDir, 'flows.json'));
  assert.equal(settings.broker, true);
});

test('an external broker URL turns the built-in broker off', () => {
  const settings = resolveSettings({ dataDir: tmpdir() }, { PATCHBAY_BROKER_URL: 'mqtt://10.0.0.5:1883' });
  assert.equal(settings.broker, false);
  assert.equal(settings.brokerUrl, 'mqtt://10.0.0.5:1883');
});

test('an invalid setting names the setting and the value', () => {
  assert.throws(() => resolveSettings({ dataDir: tmpdir() }, { PATCHBAY_PORT: 'eighty' }), /Invalid setting port: .*"eighty"/);
  assert.throws(() => resolveSettings({ dataDir: tmpdir(), port: 70000 }, {}), /Invalid setting port/);
});

test('settings.json may set part of "mqtt"; the rest keeps its defaults', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ mqtt: { users: [{ username: 'hall-sensor', password: 'scrypt$abc' }] } }));
  const settings = resolveSettings({ dataDir }, {});
  assert.equal(settings.mqtt.anonymous, 'loopback');
  assert.deepEqual(settings.mqtt.users.map((u) => u.username), ['hall-sensor']);
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ mqtt: { anonymous: 'sometimes' } }));
  assert.throws(() => resolveSettings({ dataDir }, {}), /Invalid setting mqtt\/anonymous: Expected one of "loopback", "all", "none" \(got "sometimes"\)/);
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ mqtt: null }));
  assert.throws(() => resolveSettings({ dataDir }, {}), /Invalid setting mqtt: Expected object/);
});

test('http.maxPendingRequests comes from settings.json (default 1000); the other http settings keep theirs', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  assert.equal(resolveSettings({ dataDir }, {}).http.maxPendingRequests, 1000);
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ http: { maxPendingRequests: 20 } }));
  const settings = resolveSettings({ dataDir }, {});
  assert.equal(settings.http.maxPendingRequests, 20);
  assert.deepEqual(settings.http.allowedHosts, []);
  const given = resolveSettings({ dataDir, http: { maxPendingRequests: 7 } }, {});
  assert.deepEqual([given.http.maxPendingRequests, given.http.allowedHosts], [7, []], 'a program may give part of http too; it wins');
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ http: { maxPendingRequests: 0 } }));
  assert.throws(() => resolveSettings({ dataDir }, {}), /Invalid setting http\/maxPendingRequests: .*\(got 0\)/);
});

test('a settings.json that is not JSON, or not an object, is refused naming the file', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const file = join(dataDir, 'settings.json');
  for (const text of ['{"port": 18', '[]', '"port"', 'null']) {
    await writeFile(file, text);
    assert.throws(() => resolveSettings({ dataDir }, {}), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SETTINGS_INVALID', text);
      assert.ok(err.message.includes(file), err.message);
      return true;
    });
  }
});

test('"broker" set in settings.json is kept when an external broker URL is given', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ broker: true, brokerUrl: 'mqtt://10.0.0.5:1883' }));
  assert.equal(resolveSettings({ dataDir }, {}).broker, true);
  assert.equal(resolveSettings({ dataDir, broker: false }, {}).broker, false, 'a flag still wins');
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ brokerUrl: 'mqtt://10.0.0.5:1883' }));
  assert.equal(resolveSettings({ dataDir }, {}).broker, false);
});

test('a relative flowsFile from settings.json or the environment is relative to the data dir; dataDir in settings.json is ignored', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-config-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ flowsFile: 'mine.json', dataDir: '/elsewhere' }));
  const settings = resolveSettings({ dataDir }, {});
  assert.equal(settings.flowsFile, join(dataDir, 'mine.json'));
  assert.equal(settings.dataDir, dataDir);
  assert.equal(resolveSettings({ dataDir }, { PATCHBAY_FLOWS: 'env.json' }).flowsFile, join(dataDir, 'env.json'));
});
