// Hostile and malformed requests against a real server: each gets a clear JSON error with the
// right status, and the flows that were running keep running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextEvent, startServer, type TestServer } from '../helpers/server.ts';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pino } from 'pino';
import { credentialKey, readCredentials } from '../../server/storage/credentials.ts';
import { serializeFlows } from '../../server/runtime/flow-document.ts';
import type { FlowDocument } from '../../server/api/contract.ts';
import type { Logger } from '../../server/log.ts';

const doc = (nodes: FlowDocument['nodes'], flows: FlowDocument['flows'] = [{ id: 'f1', label: 'Flow 1' }]): FlowDocument =>
  ({ format: 'patchbay-flows', version: 1, flows, nodes });

const pipeline = doc([
  { id: 'in', type: 'inject', flow: 'f1', config: { payload: { type: 'num', value: '42' } }, wires: [['out']] },
  { id: 'out', type: 'debug', flow: 'f1', config: { property: 'payload' }, wires: [] },
]);

/** Presses the inject button and expects the debug node to show 42: the pipeline still runs. */
async function assertPipelineRuns(server: TestServer): Promise<void> {
  const socket = await server.editorSocket();
  const debug = nextEvent(socket, 'debug', (e) => e.node === 'out');
  assert.equal((await server.api('/api/nodes/in/trigger', { method: 'POST' })).status, 200);
  assert.equal((await debug).value, 42, 'the previous flows still run');
  socket.close();
}

test('a body that is not JSON gets 415 or 400 naming what was sent, not a 500', async (t) => {
  const server = await startServer(t);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: pipeline })).status, 200);
  const text = await server.api('/api/flows', { method: 'PUT', body: JSON.stringify(pipeline), headers: { 'content-type': 'text/plain' } });
  assert.equal(text.status, 415, JSON.stringify(text.body));
  assert.equal(text.body.code, 'HTTP_BODY_UNSUPPORTED');
  assert.match(text.body.error, /application\/json.*text\/plain/);
  const form = await server.api('/api/flows', { method: 'PUT', body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  const empty = await server.api('/api/flows', { method: 'PUT' });
  assert.equal(empty.status, 400, JSON.stringify(empty.body));
  assert.equal(empty.body.code, 'HTTP_BODY_INVALID');
  const primitive = await server.api('/api/flows', { method: 'PUT', body: 'null' });
  assert.equal(primitive.status, 400);
  assert.equal(primitive.body.error, 'Invalid request body: expected a JSON object, got null');
  const broken = await server.api('/api/flows', { method: 'PUT', body: '{"format": ' });
  assert.match(broken.body.error, /^Invalid request body: not valid JSON: /);
  const charset = await server.api('/api/flows', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json; charset=klingon' } });
  assert.equal(charset.status, 415, JSON.stringify(charset.body));
  assert.equal(charset.body.code, 'HTTP_BODY_UNSUPPORTED');
  const gzip = await server.api('/api/flows', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
  assert.equal(gzip.status, 400, JSON.stringify(gzip.body));
  const badEscape = await server.api('/api/nodes/%E0%A4%A/trigger', { method: 'POST' });
  assert.equal(badEscape.status, 400, JSON.stringify(badEscape.body));
  assert.equal(badEscape.body.code, 'HTTP_BAD_REQUEST');
  await assertPipelineRuns(server);
});

test('a JSON body with a byte order mark, or in UTF-16, deploys as sent in plain UTF-8', async (t) => {
  const server = await startServer(t);
  const text = JSON.stringify({ ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'out' ? { ...n, name: 'café ✓' } : n)) });
  const put = (body: Buffer, charset: string) => fetch(`${server.url}/api/flows`, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': `application/json; charset=${charset}` } });
  for (const [body, charset] of [[Buffer.from(`\uFEFF${text}`), 'utf-8'], [Buffer.from(`\uFEFF${text}`, 'utf16le'), 'utf-16le'], [Buffer.from(text), 'utf8']] as const) {
    const res = await put(body, charset);
    assert.equal(res.status, 200, `${charset}: ${await res.text()}`);
    assert.equal((await server.api('/api/flows')).body.nodes[1].name, 'café ✓', charset);
  }
  await assertPipelineRuns(server);
});

test('config nested 100k levels deep is refused with the path, and nothing stops', async (t) => {
  const server = await startServer(t);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: pipeline })).status, 200);
  const depth = 100_000;
  const deep = JSON.stringify(doc([...pipeline.nodes, { id: 'deep', type: 'comment', flow: 'f1', config: { info: 'PLACEHOLDER' }, wires: [] }]))
    .replace('"PLACEHOLDER"', '['.repeat(depth) + ']'.repeat(depth));
  const res = await server.api('/api/flows', { method: 'PUT', body: deep });
  assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
  assert.equal(res.body.code, 'FLOWS_INVALID');
  assert.equal(res.body.errors[0].node, 'deep');
  assert.match(res.body.errors[0].path, /^\/nodes\/2\/config\/info\/0\/0/);
  assert.match(res.body.errors[0].message, /deeper than \d+ levels/);
  await assertPipelineRuns(server);
});

test('credentials must be strings (or null) per node; anything else is refused by path', async (t) => {
  const server = await startServer(t);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: pipeline })).status, 200);
  const cases: Array<[unknown, string, string | null]> = [
    ['a string', '/credentials', null],
    [{ in: 'not an object' }, '/credentials', 'in'],
    [{ in: { token: 5 } }, '/credentials/token', 'in'],
    [{ in: { token: { nested: 'x' } } }, '/credentials/token', 'in'],
  ];
  for (const [credentials, path, node] of cases) {
    const res = await server.api('/api/flows', { method: 'PUT', body: { ...pipeline, credentials } });
    assert.equal(res.status, 400, `${JSON.stringify(credentials)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, 'FLOWS_INVALID');
    assert.deepEqual(res.body.errors.map((e: { node: string | null; path: string }) => [e.node, e.path]), [[node, path]]);
  }
  const flows = await server.api('/api/flows');
  assert.equal(flows.body.nodes.find((n: { id: string }) => n.id === 'in').credentials, undefined, 'no junk keys were stored');
  await assertPipelineRuns(server);
});

test('node ids like __proto__ and constructor keep their own credentials', async (t) => {
  const server = await startServer(t);
  const body = '{"format":"patchbay-flows","version":1,"flows":[{"id":"f1","label":"F"}],"nodes":[' +
    '{"id":"__proto__","type":"http-request","flow":"f1","config":{"__proto__":{"polluted":true}},"wires":[[]]},' +
    '{"id":"constructor","type":"comment","flow":"f1","config":{},"wires":[]},' +
    '{"id":"polluted","type":"comment","flow":"f1","config":{},"wires":[]}],' +
    '"credentials":{"__proto__":{"token":"yes"}}}';
  const res = await server.api('/api/flows', { method: 'PUT', body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  const nodes = (await server.api('/api/flows')).body.nodes as Array<{ id: string; credentials?: string[]; config: object }>;
  assert.deepEqual(nodes.map((n) => [n.id, n.credentials]), [['__proto__', ['token']], ['constructor', undefined], ['polluted', undefined]]);
  assert.deepEqual(Object.keys(nodes[0]!.config), ['__proto__'], 'a config key named __proto__ is kept as data');
  const key = await credentialKey(undefined, join(server.dataDir, 'credential.key'));
  const [stored] = await readCredentials(join(server.dataDir, 'credentials.json'), key);
  assert.equal(JSON.stringify(stored!.credentials), '{"__proto__":{"token":"yes"}}', 'the credential was saved, not lost');
});

test('a wire into a node without an input (a config node, a comment, mqtt in unless dynamic) is refused', async (t) => {
  const server = await startServer(t);
  const stored = await readFile(join(server.dataDir, 'flows.json'), 'utf8');
  const res = await server.api('/api/flows', {
    method: 'PUT',
    body: doc([
      { id: 'in', type: 'inject', flow: 'f1', config: {}, wires: [['broker', 'note', 'listen', 'follow']] },
      { id: 'broker', type: 'mqtt-broker', config: {} },
      { id: 'note', type: 'comment', flow: 'f1', config: {}, wires: [] },
      { id: 'listen', type: 'mqtt-in', flow: 'f1', config: { topic: 'a' }, wires: [[]] },
      { id: 'follow', type: 'mqtt-in', flow: 'f1', config: { dynamic: true }, wires: [[]] },
    ]),
  });
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.deepEqual(res.body.errors.map((e: { node: string; path: string }) => `${e.node} ${e.path}`), ['in /wires/0/0', 'in /wires/0/1', 'in /wires/0/2']);
  assert.match(res.body.errors[0].message, /"broker".*no input/);
  assert.match(res.body.errors[2].message, /"listen" \(mqtt-in\), which has no input/);
  assert.equal(await readFile(join(server.dataDir, 'flows.json'), 'utf8'), stored, 'the flow file is untouched');
  assert.deepEqual((await readdir(server.dataDir)).filter((f) => f.endsWith('.tmp')), [], 'the refused text written ahead is dropped');
});

test('triggering a disabled node, or one on a disabled flow, says so', async (t) => {
  const server = await startServer(t);
  const body = doc([
    ...pipeline.nodes,
    { id: 'off', type: 'inject', flow: 'f1', disabled: true, config: {}, wires: [] },
    { id: 'parked', type: 'inject', flow: 'f2', config: {}, wires: [] },
  ], [{ id: 'f1', label: 'Flow 1' }, { id: 'f2', label: 'Parked', disabled: true }]);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body })).status, 200);
  const off = await server.api('/api/nodes/off/trigger', { method: 'POST' });
  assert.equal(off.status, 409);
  assert.equal(off.body.code, 'NODE_NOT_RUNNING');
  assert.match(off.body.error, /"off".*disabled/);
  const parked = await server.api('/api/nodes/parked/trigger', { method: 'POST' });
  assert.equal(parked.status, 409);
  assert.match(parked.body.error, /flow "Parked" is disabled/);
  assert.equal((await server.api('/api/nodes/out/trigger', { method: 'POST' })).body.code, 'NODE_NOT_TRIGGERABLE');
  assert.equal((await server.api('/api/nodes/ghost/trigger', { method: 'POST' })).body.code, 'NODE_NOT_FOUND');
});

test('concurrent deploys run one at a time: If-Match sees the latest rev and no credential is lost', async (t) => {
  const server = await startServer(t);
  const { body: { rev } } = await server.api('/api/flows');
  const note = (id: string) => doc([{ id, type: 'http-request', flow: 'f1', config: {}, wires: [[]] }]);
  const guarded = await Promise.all(['a', 'b', 'c'].map((id) => server.api('/api/flows', { method: 'PUT', body: note(id), headers: { 'If-Match': `"${rev}"` } })));
  assert.deepEqual(guarded.map((r) => r.status).sort(), [200, 409, 409]);
  const secrets = await Promise.all(['user', 'password', 'token'].map((k) =>
    server.api('/api/flows', { method: 'PUT', body: { ...note('n'), credentials: { n: { [k]: `${k}-value` } } } })));
  assert.deepEqual(secrets.map((r) => r.status), [200, 200, 200], JSON.stringify(secrets.map((r) => r.body)));
  const flows = await server.api('/api/flows');
  assert.deepEqual(flows.body.nodes[0].credentials, ['password', 'token', 'user']);
  const key = await credentialKey(undefined, join(server.dataDir, 'credential.key'));
  assert.deepEqual(Object.keys((await readCredentials(join(server.dataDir, 'credentials.json'), key))[0]!.credentials.n!).sort(), ['password', 'token', 'user']);
});

test('If-Match takes a list of revisions', async (t) => {
  const server = await startServer(t);
  const { body: { rev } } = await server.api('/api/flows');
  const res = await server.api('/api/flows', { method: 'PUT', body: pipeline, headers: { 'If-Match': `"0000000000000000", W/"${rev}"` } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const stale = await server.api('/api/flows', { method: 'PUT', body: pipeline, headers: { 'If-Match': '"x", "y"' } });
  assert.equal(stale.status, 409);
  assert.match(stale.body.error, /yours "x", "y"/);
});

/** A logger that keeps its entries, to check what the server says about a bad flow file. */
function capturingLog(): { log: Logger; entries: Array<{ level: number; msg: string; [key: string]: unknown }> } {
  const entries: Array<{ level: number; msg: string }> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => { entries.push(JSON.parse(line)); } });
  return { log, entries };
}

async function dataDirWith(t: { after(fn: () => Promise<void>): void }, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-startup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

test('a truncated flows.json is kept, named in the log with line and column, and its backup runs', async (t) => {
  const good = serializeFlows(pipeline);
  const truncated = good.slice(0, 150);
  const dataDir = await dataDirWith(t, { 'flows.json': truncated, 'flows.json.backup': good });
  const { log, entries } = capturingLog();
  const server = await startServer(t, { dataDir, log });
  const flows = await server.api('/api/flows');
  assert.deepEqual(flows.body.nodes.map((n: { id: string }) => n.id), ['in', 'out'], 'the backup runs');
  assert.equal(await readFile(join(dataDir, 'flows.json'), 'utf8'), truncated, 'the file is left as it was');
  const error = entries.find((e) => e.level === 50)!;
  assert.ok(error, JSON.stringify(entries));
  assert.match(error.msg, /flows\.json was not started: not valid JSON: .* \(line \d+, column \d+\)/);
  assert.equal(error.code, 'FLOWS_FILE_NOT_STARTED');
  assert.ok(entries.some((e) => /running the backup/.test(e.msg)));
  await assertPipelineRuns(server);

  // A deploy replaces flows.json (and rotates the backup); the rejected text stays in its copy.
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: doc([]) })).status, 200);
  await server.api('/api/flows', { method: 'PUT', body: doc([{ id: 'n', type: 'comment', flow: 'f1', config: {}, wires: [] }]) });
  assert.equal(await readFile(error.kept as string, 'utf8'), truncated);
  assert.ok((await readdir(dataDir)).includes(basename(error.kept as string)));
});

test('a flows.json that is not a valid document names each node and path, and without a backup starts empty', async (t) => {
  const invalid = JSON.stringify(doc([
    { id: 'x', type: 'no-such-node', flow: 'f1', config: {}, wires: [] },
    { id: 'in', type: 'inject', flow: 'f1', config: { once: 'yes' }, wires: [] },
  ]));
  const dataDir = await dataDirWith(t, { 'flows.json': invalid });
  const { log, entries } = capturingLog();
  const server = await startServer(t, { dataDir, log });
  assert.deepEqual(server.server.runtime.document.nodes, []);
  assert.equal(await readFile(join(dataDir, 'flows.json'), 'utf8'), invalid, 'not overwritten by a starter flow');
  const error = entries.find((e) => e.level === 50)!;
  assert.match(error.msg, /node "in" \/config\/once: Expected boolean/);
  assert.ok(entries.some((e) => /starting with no flows/.test(e.msg)));
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: pipeline })).status, 200, 'deploys work');
  assert.equal(await readFile(error.kept as string, 'utf8'), invalid);
});

test('a flow file that cannot be read at all stops the start with its path', async (t) => {
  const dataDir = await dataDirWith(t, {});
  await mkdir(join(dataDir, 'flows.json'));
  await assert.rejects(startServer(t, { dataDir }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'FLOWS_FILE_UNREADABLE');
    assert.match(err.message, /flows\.json: EISDIR/);
    return true;
  });
});

test('a deploy that cannot be saved is undone: the previous flows run and stay stored', async (t) => {
  const server = await startServer(t);
  const first = await server.api('/api/flows', { method: 'PUT', body: pipeline });
  assert.equal(first.status, 200);
  const stored = await readFile(join(server.dataDir, 'flows.json'), 'utf8');
  // The backup copy made before each save now fails (a directory is in its way), as a full disk would.
  await rm(join(server.dataDir, 'flows.json.backup'), { force: true });
  await mkdir(join(server.dataDir, 'flows.json.backup'));
  const changed = doc([
    { id: 'in', type: 'inject', flow: 'f1', config: { payload: { type: 'num', value: '7' } }, wires: [['out']] },
    { id: 'out', type: 'debug', flow: 'f1', config: { property: 'payload' }, wires: [] },
  ]);
  const res = await server.api('/api/flows', { method: 'PUT', body: changed });
  assert.equal(res.status, 500, JSON.stringify(res.body));
  assert.equal(res.body.code, 'FLOWS_NOT_SAVED');
  assert.match(res.body.error, /could not be saved .* the previous flows run/);
  assert.equal((await server.api('/api/flows')).body.rev, first.body.rev, 'the running document is the stored one');
  assert.equal(await readFile(join(server.dataDir, 'flows.json'), 'utf8'), stored);
  assert.deepEqual((await readdir(server.dataDir)).filter((f) => f.endsWith('.tmp')), [], 'the new text written ahead is dropped');
  await assertPipelineRuns(server);
});
