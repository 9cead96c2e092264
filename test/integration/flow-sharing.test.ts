// Sharing a flow between data dirs from the command line: the export lists the node packages
// its nodes need and carries no credentials; the import names what is missing and prints the
// install command; once installed, the flow runs the same. Importing twice keeps one copy of
// an identical config node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bin } from '../helpers/cli.ts';
import { nextEvent, startServer } from '../helpers/server.ts';

const run = promisify(execFile);
const patchbay = (...args: string[]) => run(process.execPath, [bin, ...args], { timeout: 120_000 });
const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));

const heating = {
  format: 'patchbay-flows', version: 1, flows: [{ id: 'heat', label: 'Heating' }],
  nodes: [
    { id: 'temp', type: 'inject', flow: 'heat', config: { payload: { type: 'num', value: '23.5' } }, wires: [['switch']] },
    { id: 'switch', type: 'threshold', flow: 'heat', name: 'Radiator', config: { high: 22, low: 20 }, wires: [['show', 'relay']] },
    { id: 'show', type: 'debug', flow: 'heat', config: { property: 'payload' }, wires: [] },
    { id: 'relay', type: 'mqtt-out', flow: 'heat', config: { topic: 'heating/relay', broker: 'remote' }, wires: [] },
    { id: 'remote', type: 'mqtt-broker', name: 'Remote broker', config: { url: 'mqtt://127.0.0.1:1' } },
  ],
};

test('an export lists its packages and no secrets; the import into a fresh data dir names them, and once installed it runs the same', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'patchbay-sharing-'));
  t.after(() => rm(work, { recursive: true, force: true }));
  const [from, to, file] = [join(work, 'from'), join(work, 'to'), join(work, 'heating.json')];
  await patchbay('nodes', 'install', examplePackage, '--data-dir', from);
  {
    const server = await startServer(t, { dataDir: from });
    const deployed = await server.api('/api/flows', { method: 'PUT', body: { ...heating, credentials: { remote: { password: 'hunter2-secret' } } } });
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
    await server.close();
  }

  await patchbay('export', '--data-dir', from, '--out', file);
  const text = await readFile(file, 'utf8');
  const exported = JSON.parse(text);
  assert.deepEqual(exported.packages, [{ name: 'patchbay-nodes-threshold', version: '1.0.0', types: ['threshold'] }]);
  assert.equal(text.includes('hunter2-secret'), false, 'credential values are never exported');
  assert.deepEqual(exported.nodes.find((n: { id: string }) => n.id === 'remote').credentials, ['password']);

  const imported = await patchbay('import', file, '--data-dir', to);
  assert.match(imported.stderr, new RegExp(`npx patchbay nodes install patchbay-nodes-threshold@1\\.0\\.0 --data-dir ${to}`));
  assert.match(imported.stderr, /credentials missing .*Remote broker \(password\)/);
  const again = await patchbay('import', file, '--data-dir', to);
  assert.match(again.stderr, /id\(s\) renamed/);
  const merged = JSON.parse(await readFile(join(to, 'flows.json'), 'utf8'));
  assert.equal(merged.flows.length, 2, 'the flow twice, with fresh ids the second time');
  assert.equal(merged.nodes.filter((n: { type: string }) => n.type === 'mqtt-broker').length, 1, 'the identical config node once');
  assert.deepEqual(merged.nodes.find((n: { id: string }) => n.id === 'remote').credentialsMissing, ['password']);

  // The package is not on the npm registry: installed from its folder, as the user would.
  await patchbay('nodes', 'install', examplePackage, '--data-dir', to);
  const server = await startServer(t, { dataDir: to });
  assert.deepEqual((await server.api('/api/health')).body.runtime.nodes.missing, []);
  const socket = await server.editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await server.api('/api/nodes/temp/trigger', { method: 'POST' });
  assert.equal((await shown).value, 'on', 'the imported flow runs as it did where it was exported');
});
