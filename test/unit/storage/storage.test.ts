import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '../../../server/api/contract.ts';
import { readFlowsFile, writeFlowsFile } from '../../../server/storage/flows-file.ts';
import { stageFile } from '../../../server/storage/atomic-write.ts';
import { revisionOf, serializeFlows } from '../../../server/runtime/flow-document.ts';
import { credentialKey, credentialsFor, readCredentials, writeCredentials } from '../../../server/storage/credentials.ts';
import { ContextFiles } from '../../../server/storage/context-files.ts';
import { ContextStore } from '../../../server/runtime/context-store.ts';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-storage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const doc: FlowDocument = {
  format: 'patchbay-flows',
  version: 1,
  flows: [{ label: 'Hall', id: 'hall' } as FlowDocument['flows'][number]],
  nodes: [{ wires: [], config: { zeta: 1, alpha: { y: 2, x: 1 } }, type: 'debug', id: 'n1', flow: 'hall', futureKey: true } as never],
};

test('the flow file has a stable key order, so the same document always has the same text', () => {
  const text = serializeFlows(doc);
  assert.match(text, /^\{\n  "format": "patchbay-flows",\n  "version": 1,\n  "flows"/);
  assert.ok(text.indexOf('"id": "n1"') < text.indexOf('"type": "debug"'), 'id before type');
  assert.ok(text.indexOf('"alpha"') < text.indexOf('"zeta"'), 'config keys sorted');
  assert.ok(text.indexOf('"x": 1') < text.indexOf('"y": 2'), 'nested keys sorted');
  assert.ok(text.includes('"futureKey": true'), 'unknown keys are kept');
  const reordered = JSON.parse(JSON.stringify({ nodes: doc.nodes, flows: doc.flows, version: 1, format: 'patchbay-flows' }));
  assert.equal(serializeFlows(reordered), text);
  assert.equal(revisionOf(reordered), revisionOf(doc));
});

test('unknown keys named __proto__ or constructor are saved as data', () => {
  const hostile = JSON.parse('{"format":"patchbay-flows","version":1,"flows":[{"id":"f","label":"F","__proto__":{"a":1}}],' +
    '"nodes":[{"id":"n","type":"debug","config":{},"__proto__":{"label":"shadow"},"constructor":"c","zzz":true}]}') as FlowDocument;
  const saved = JSON.parse(serializeFlows(hostile)) as { flows: object[]; nodes: object[] };
  assert.deepEqual(Object.keys(saved.flows[0]!), ['id', 'label', '__proto__']);
  assert.deepEqual(Object.keys(saved.nodes[0]!), ['id', 'type', 'config', '__proto__', 'constructor', 'zzz']);
  assert.equal(({} as Record<string, unknown>).label, undefined);
});

test('saving keeps the previous file as a backup', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'flows.json');
  assert.equal(await readFlowsFile(file), undefined);
  await writeFlowsFile(file, doc);
  const second = { ...doc, flows: [{ id: 'hall', label: 'Hallway' }] };
  await writeFlowsFile(file, second);
  assert.deepEqual((await readFlowsFile(file) as FlowDocument).flows, second.flows);
  assert.equal(JSON.parse(await readFile(`${file}.backup`, 'utf8')).flows[0].label, 'Hall');
});

test('a staged file replaces its target only on commit; discarded, it leaves nothing behind', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'flows.json');
  await writeFile(file, 'old');
  const text = `{"name": "Küche ✓", "big": "${'x'.repeat(300_000)}"}`; // multi-byte UTF-8, more than one pipe buffer
  const kept = await stageFile(file, text);
  assert.equal(await readFile(file, 'utf8'), 'old', 'staged, not yet in place');
  await kept.commit();
  assert.equal(await readFile(file, 'utf8'), text);
  const dropped = await stageFile(file, 'never');
  await dropped.discard();
  assert.equal(await readFile(file, 'utf8'), text);
  assert.deepEqual(await readdir(dir), ['flows.json'], 'no temp file left');
});

test('a staged file that cannot be written fails on commit, and discard still settles', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'missing-dir', 'flows.json');
  await assert.rejects((await stageFile(file, 'text')).commit(), { code: 'ENOENT' });
  await (await stageFile(file, 'text')).discard();
});

test('credentials are encrypted at rest and come back with the same key', async (t) => {
  const dir = await tempDir(t);
  const key = await credentialKey(undefined, join(dir, 'credential.key'));
  assert.deepEqual(await credentialKey(undefined, join(dir, 'credential.key')), key, 'the generated key is reused');
  const file = join(dir, 'credentials.json');
  await writeCredentials(file, key, [{ rev: 'r2', credentials: { broker: { password: 'hunter2' } } }, { rev: 'r1', credentials: {} }]);
  const raw = await readFile(file, 'utf8');
  assert.ok(!raw.includes('hunter2'));
  const generations = await readCredentials(file, key);
  assert.equal(JSON.stringify(credentialsFor(generations, 'r2')), JSON.stringify({ broker: { password: 'hunter2' } }));
  assert.equal(JSON.stringify(credentialsFor(generations, 'r1')), '{}', 'the previous deploy\'s credentials are kept for its flow file');
  assert.equal(JSON.stringify(credentialsFor(generations, 'edited by hand')), JSON.stringify({ broker: { password: 'hunter2' } }), 'an unknown revision gets the newest');
  const wrongKey = await credentialKey('another secret', join(dir, 'unused'));
  await assert.rejects(readCredentials(file, wrongKey), /CREDENTIALS_UNREADABLE|wrong credentialSecret/);
});

test('a damaged credential.key is refused at start, not at the first deploy that saves credentials', async (t) => {
  const dir = await tempDir(t);
  const keyFile = join(dir, 'credential.key');
  await writeFile(keyFile, 'c2hvcnQ=\n');
  await assert.rejects(credentialKey(undefined, keyFile), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'CREDENTIALS_KEY_INVALID');
    assert.match(err.message, /credential\.key: expected 32 bytes in base64, found 5/);
    return true;
  });
  assert.equal(await readFile(keyFile, 'utf8'), 'c2hvcnQ=\n', 'the key file is left for the user to restore');
});

test('the file context store survives a restart; memory does not', async (t) => {
  const dir = await tempDir(t);
  const first = await ContextStore.open({ persistence: new ContextFiles(dir), defaultStore: 'memory', flushIntervalMs: 60_000 });
  first.scope('global').set('count', 41, 'file');
  first.scope('flow:hall').set('mode', { away: true }, 'file');
  first.scope('global').set('scratch', 'gone after restart');
  await first.close();
  const second = await ContextStore.open({ persistence: new ContextFiles(dir), defaultStore: 'memory', flushIntervalMs: 60_000 });
  t.after(() => second.close());
  assert.equal(second.scope('global').get('count', 'file'), 41);
  assert.deepEqual(second.scope('flow:hall').get('mode', 'file'), { away: true });
  assert.equal(second.scope('global').get('scratch'), undefined);
  assert.throws(() => second.scope('global').get('x', 'redis'), /Unknown context store "redis"/);
});

test('a damaged context file is moved aside and reported; the other scopes load and the store starts', async (t) => {
  const dir = await tempDir(t);
  const first = await ContextStore.open({ persistence: new ContextFiles(dir), defaultStore: 'file', flushIntervalMs: 60_000 });
  first.scope('global').set('count', 41);
  first.scope('flow:hall').set('mode', 'away');
  await first.close();
  await writeFile(join(dir, 'flow%3Ahall.json'), '{"mode": "aw');
  await writeFile(join(dir, '%E0%A4%A.json'), '{}');
  const problems: Array<{ code: string; file: string; movedTo: string }> = [];
  const log = { warn: (fields: { code: string; file: string; movedTo: string }) => { problems.push(fields); } };
  const second = await ContextStore.open({ persistence: new ContextFiles(dir, log), defaultStore: 'file', flushIntervalMs: 60_000 });
  t.after(() => second.close());
  assert.equal(second.scope('global').get('count'), 41);
  assert.equal(second.scope('flow:hall').get('mode'), undefined);
  assert.deepEqual(problems.map((p) => [p.code, p.file.split('/').at(-1)]).sort(), [
    ['CONTEXT_FILE_INVALID', '%E0%A4%A.json'],
    ['CONTEXT_FILE_INVALID', 'flow%3Ahall.json'],
  ]);
  const moved = problems.find((p) => p.file.endsWith('flow%3Ahall.json'))!.movedTo;
  assert.equal(await readFile(moved, 'utf8'), '{"mode": "aw', 'the damaged file is kept');
});

test('a scope that cannot be saved is reported once and retried; the other scopes are saved', async (t) => {
  const dir = await tempDir(t);
  const warnings: Array<{ code: string; scope: string }> = [];
  const log = { warn: (fields: { code: string; scope: string }) => { warnings.push(fields); } };
  const store = await ContextStore.open({ persistence: new ContextFiles(dir, log), defaultStore: 'file', flushIntervalMs: 60_000, log });
  store.scope('global').set('big', 10n);
  store.scope('flow:hall').set('mode', 'away');
  await store.flush();
  await store.flush();
  assert.deepEqual(warnings, [{ code: 'CONTEXT_NOT_SAVED', scope: 'global' }], 'one warning for a lasting problem');
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'flow%3Ahall.json'), 'utf8')), { mode: 'away' });
  store.scope('global').set('big', '10');
  await store.close();
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'global.json'), 'utf8')), { big: '10' }, 'retried once the value can be saved');
});

test('context names are property paths, as in Node-RED', async (t) => {
  const store = await ContextStore.open({ defaultStore: 'memory', flushIntervalMs: 60_000 });
  t.after(() => store.close());
  const flow = store.scope('flow:f1');
  flow.set('room.temp', 21);
  flow.set('room.lights[1]', 'on');
  assert.equal(flow.get('room.lights[1]'), 'on');
  assert.equal((flow.get('room') as { temp: number }).temp, 21);
  assert.equal(flow.get('room.temp'), 21);
  assert.equal(flow.get('missing.deeper'), undefined);
  flow.set('room.temp', undefined);
  assert.deepEqual(Object.keys(flow.get('room') as object), ['lights']);
  assert.deepEqual(flow.keys(), ['room']);
});

test('a credentials file written before generations (version 1) still reads, for whichever flows run', async (t) => {
  const dir = await tempDir(t);
  const key = await credentialKey(undefined, join(dir, 'credential.key'));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify({ broker: { password: 'old' } })), cipher.final()]);
  const file = join(dir, 'credentials.json');
  await writeFile(file, JSON.stringify({ format: 'patchbay-credentials', version: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') }));
  assert.equal(credentialsFor(await readCredentials(file, key), 'any rev').broker?.password, 'old');
});
