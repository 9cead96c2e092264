// Node-RED import and export from outside: REST (POST /api/flows/import) and the CLI
// (patchbay import / export), against a real server and a real data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nextEvent, startServer } from '../helpers/server.ts';

const bin = fileURLToPath(new URL('../../server/bin/patchbay.js', import.meta.url));
const run = promisify(execFile);

const nodeRedFlows = [
  { id: 't1', type: 'tab', label: 'From Node-RED' },
  { id: 'in', type: 'inject', z: 't1', props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }], payload: '20', payloadType: 'num', topic: 't', x: 100, y: 80, wires: [['fn']] },
  { id: 'fn', type: 'function', z: 't1', func: 'msg.payload = msg.payload * 2 + 2;\nreturn msg;', outputs: 1, x: 300, y: 80, wires: [['dbg']] },
  { id: 'dbg', type: 'debug', z: 't1', name: 'result', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 500, y: 80, wires: [] },
  { id: 'mb', type: 'mqtt-broker', name: 'home', broker: 'broker.local', port: '1883', credentials: { user: 'ann', password: 's3cret' } },
  { id: 'ui', type: 'ui_text', z: 't1', group: 'dash', x: 500, y: 160, wires: [] },
];

test('POST /api/flows/import?from=node-red answers the document and the report; deploying it runs', async (t) => {
  const { api, editorSocket } = await startServer(t);
  const imported = await api('/api/flows/import?from=node-red', { method: 'POST', body: nodeRedFlows });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const { document, report, credentials } = imported.body;
  assert.equal(document.format, 'patchbay-flows');
  assert.deepEqual(report.nodes.map((r: { id: string; outcome: string }) => [r.id, r.outcome]), [
    ['t1', 'mapped'], ['in', 'mapped'], ['fn', 'mapped'], ['dbg', 'mapped'], ['mb', 'mapped'], ['ui', 'unsupported'],
  ]);
  assert.deepEqual(credentials, { mb: { username: 'ann', password: 's3cret' } });
  assert.equal(JSON.stringify(document).includes('s3cret'), false);
  // Nothing was deployed by the import itself.
  assert.equal((await api('/api/flows')).body.nodes.some((n: { id: string }) => n.id === 'fn'), false);

  const socket = await editorSocket();
  const put = await api('/api/flows', { method: 'PUT', body: { ...document, credentials } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const saved = (await api('/api/flows')).body.nodes.find((n: { id: string }) => n.id === 'mb');
  assert.deepEqual(saved.credentials, ['password', 'username']);
  const debug = nextEvent(socket, 'debug', (e) => e.node === 'dbg', 2000);
  assert.equal((await api('/api/nodes/in/trigger', { method: 'POST' })).status, 200);
  assert.equal((await debug).value, 42);
});

test('POST /api/flows/import refuses an unknown format and what is not a Node-RED file, with codes', async (t) => {
  const { api } = await startServer(t);
  const unknown = await api('/api/flows/import?from=zapier', { method: 'POST', body: [] });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.code, 'IMPORT_FORMAT_UNKNOWN');
  const notArray = await api('/api/flows/import?from=node-red', { method: 'POST', body: { hello: 1 } });
  assert.equal(notArray.body.code, 'IMPORT_NOT_NODE_RED');
  const badEntry = await api('/api/flows/import?from=node-red', { method: 'POST', body: [{ id: 'a', type: 'tab' }, { type: 'inject' }] });
  assert.equal(badEntry.status, 400);
  assert.equal(badEntry.body.code, 'IMPORT_ENTRY_INVALID');
  assert.match(badEntry.body.error, /entry 1: "id"/);
});

test('patchbay import --out writes the document and changes nothing else; --data-dir merges it, credentials encrypted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-import-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'flows-nr.json');
  await writeFile(file, JSON.stringify(nodeRedFlows));
  const out = await run(process.execPath, [bin, 'import', '--from', 'node-red', file, '--out', join(dir, 'doc.json')], { cwd: dir });
  assert.match(out.stderr, /5 mapped, 0 approximated, 1 unsupported/);
  assert.match(out.stderr, /unsupported: ui_text/);
  const doc = JSON.parse(await readFile(join(dir, 'doc.json'), 'utf8'));
  assert.equal(doc.format, 'patchbay-flows');
  assert.equal(JSON.stringify(doc).includes('s3cret'), false);

  const dataDir = join(dir, 'data');
  await run(process.execPath, [bin, 'import', '--from', 'node-red', file, '--data-dir', dataDir]);
  // Importing the same file again renames the clashing ids instead of overwriting.
  const again = await run(process.execPath, [bin, 'import', '--from', 'node-red', file, '--data-dir', dataDir]);
  assert.match(again.stderr, /6 id\(s\) renamed/);
  const merged = JSON.parse(await readFile(join(dataDir, 'flows.json'), 'utf8'));
  assert.equal(merged.flows.length, 2);
  assert.equal(merged.nodes.length, 10);
  assert.equal((await readFile(join(dataDir, 'credentials.json'), 'utf8')).includes('s3cret'), false);

  const { api } = await startServer(t, { dataDir });
  const running = await api('/api/flows');
  assert.equal(running.body.nodes.length, 10);
  assert.deepEqual(running.body.nodes.find((n: { id: string }) => n.id === 'mb').credentials, ['password', 'username']);
});

test('patchbay import --data-dir refuses what would not deploy and leaves the data dir as it was', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-import-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'flows-nr.json');
  await writeFile(file, JSON.stringify(nodeRedFlows.map((n) => (n.id === 'fn' ? { ...n, wires: [['dbg', 'ui']] } : n))));
  const failed = await run(process.execPath, [bin, 'import', '--from', 'node-red', file, '--data-dir', join(dir, 'data')]).catch((err: { code: number; stderr: string }) => err);
  assert.equal((failed as { code: number }).code, 1);
  assert.match(failed.stderr, /nothing was changed[\s\S]*ui \/wires: Node-RED type "ui_text" is not available/);
  await assert.rejects(readFile(join(dir, 'data', 'flows.json')));
});

test('patchbay export --to node-red writes a Node-RED flow file back; placeholders go back unchanged', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-export-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'flows-nr.json');
  await writeFile(file, JSON.stringify(nodeRedFlows));
  const dataDir = join(dir, 'data');
  await run(process.execPath, [bin, 'import', '--from', 'node-red', file, '--data-dir', dataDir]);
  await run(process.execPath, [bin, 'export', '--data-dir', dataDir, '--to', 'node-red', '--flow', 't1', '--out', join(dir, 'back.json')]);
  const back = JSON.parse(await readFile(join(dir, 'back.json'), 'utf8'));
  assert.deepEqual(back.map((n: { id: string }) => n.id), ['t1', 'in', 'fn', 'dbg', 'ui']);
  assert.deepEqual(back.find((n: { id: string }) => n.id === 'ui'), { id: 'ui', type: 'ui_text', name: '', z: 't1', x: 500, y: 160, wires: [], group: 'dash' });
  const fn = back.find((n: { id: string }) => n.id === 'fn');
  assert.equal(fn.func, nodeRedFlows[2]!.func);
  assert.deepEqual([fn.x, fn.y, fn.wires], [300, 80, [['dbg']]]);
  const missing = await run(process.execPath, [bin, 'export', '--data-dir', dataDir, '--flow', 'nope']).catch((err: { code: number; stderr: string }) => err);
  assert.match(missing.stderr, /No flow with id "nope" \(flows: t1\)/);
  const own = await run(process.execPath, [bin, 'export', '--data-dir', dataDir]);
  assert.equal(JSON.parse(own.stdout).format, 'patchbay-flows');
});
