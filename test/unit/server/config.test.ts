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
