import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { credentialKey, writeCredentials } from '../../server/storage/credentials.ts';
import { bin, startCli } from '../helpers/cli.ts';

test('patchbay --port 0 prints its URLs, serves the API and the broker, and exits 0 on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [bin, '--port', '0', '--mqtt-port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATCHBAY_PORT: '1' }, // the flag wins over the environment
  });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout });
  const urls: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL lines within 20 s; stderr: ${stderr}`)), 20_000);
    lines.on('line', (line) => {
      const match = /^(editor|mqtt|login): ((?:http|mqtt):\/\/127\.0\.0\.1:\d+\S*)/.exec(line);
      if (match) urls[match[1]!] = match[2]!;
      if (urls.editor && urls.mqtt && urls.login) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  const editorUrl = urls.editor!;
  const mqtt = await connectAsync(urls.mqtt!, { reconnectPeriod: 0 });
  await mqtt.endAsync();
  const health = await (await fetch(`${editorUrl}/api/health`)).json();
  assert.equal(health.status, 'ok');
  assert.ok((await stat(join(dataDir, 'flows.json'))).isFile(), 'the data dir got its starter flow');

  // A first start has no password anywhere: a one-time link logs in as admin, once.
  assert.equal((await fetch(`${editorUrl}/api/flows`)).status, 401);
  assert.match(urls.login ?? '', new RegExp(`^${editorUrl}/\\?token=[\\w-]+$`));
  const visit = await fetch(urls.login!, { redirect: 'manual' });
  assert.equal(visit.status, 303);
  const cookie = visit.headers.get('set-cookie')!;
  assert.match(cookie, /patchbay_session=pbs_[\w-]+; .*HttpOnly.*SameSite=Strict/i);
  const me = await fetch(`${editorUrl}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
  assert.deepEqual(await me.json(), { user: 'admin', role: 'admin', authEnabled: true, passwordSet: false });
  assert.equal((await fetch(urls.login!, { redirect: 'manual' })).status, 401, 'the link works once');
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exit, 0);
});

test('patchbay rejects an invalid flag value with a message naming it', async () => {
  const child = spawn(process.execPath, [bin, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /Invalid setting port/);
});

for (const { what, flag, message } of [
  { what: 'MQTT', flag: '--mqtt-port', message: (port: number) => `MQTT port ${port} .*already in use.*--mqtt-port.*--no-broker --broker-url.*\\(BROKER_PORT_IN_USE\\)` },
  { what: 'HTTP', flag: '--port', message: (port: number) => `Port ${port} on 127\\.0\\.0\\.1 is in use.*--port.*\\(HTTP_PORT_IN_USE\\)` },
]) {
  test(`a busy ${what} port gets a one-line message naming the port, the flags and the code, not a stack trace`, async (t) => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.after(() => blocker.close());
    const busy = (blocker.address() as AddressInfo).port;
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const ports = { '--port': '0', '--mqtt-port': '0', [flag]: String(busy) };
    const child = spawn(process.execPath, [bin, ...Object.entries(ports).flat(), '--data-dir', dataDir, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(message(busy)));
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });
}

test('a bad settings.json or a credentials file under another key stops the start with one line naming it', async (t) => {
  const run = async (dataDir: string) => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--mqtt-port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stderr };
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));

  await writeFile(join(dataDir, 'settings.json'), '{ "port": 1880,\n  "logLevel": 5 }');
  const wrongType = await run(dataDir);
  assert.equal(wrongType.code, 1);
  assert.match(wrongType.stderr, /Invalid setting logLevel: Expected one of "fatal", .* \(got 5\)/);
  assert.doesNotMatch(wrongType.stderr, /\n\s+at /, 'no stack trace');

  await writeFile(join(dataDir, 'settings.json'), '{ "port": 1880,');
  const syntax = await run(dataDir);
  assert.equal(syntax.code, 1);
  assert.ok(syntax.stderr.includes(join(dataDir, 'settings.json')), syntax.stderr);

  await rm(join(dataDir, 'settings.json'));
  const otherKey = await credentialKey('some other secret', join(dataDir, 'unused.key'));
  await writeCredentials(join(dataDir, 'credentials.json'), otherKey, [{ rev: '', credentials: { broker: { password: 'hunter2' } } }]);
  const stored = await readFile(join(dataDir, 'credentials.json'), 'utf8');
  const locked = await run(dataDir);
  assert.equal(locked.code, 1);
  assert.match(locked.stderr, /Cannot decrypt credentials file .*credentials\.json: wrong credentialSecret/);
  assert.equal(await readFile(join(dataDir, 'credentials.json'), 'utf8'), stored, 'the credentials file is untouched');
});

test('patchbay runs from any directory, and a relative --flows path is relative to that directory', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
  const cwd = await mkdtemp(join(tmpdir(), 'patchbay-cwd-'));
  t.after(() => Promise.all([rm(dataDir, { recursive: true, force: true }), rm(cwd, { recursive: true, force: true })]));
  const cli = await startCli(t, ['--data-dir', dataDir, '--flows', 'here.json'], { cwd });
  assert.ok((await stat(join(cwd, 'here.json'))).isFile(), 'the flow file is in the current directory');
  await assert.rejects(stat(join(dataDir, 'here.json')));
  assert.equal(await cli.stop(), 0);
});

test("a node whose timer throws is reported, and the server keeps running", async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const pkg = join(dataDir, 'nodes', 'thrower');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'thrower', type: 'module', patchbay: { apiVersion: 1, nodes: ['index.js'] } }));
  await writeFile(join(pkg, 'index.js'), `import { defineNode, Type } from 'patchbay/node-api';
export default defineNode({
  type: 'thrower', category: 'function', label: 'thrower', color: '#fff', inputs: 1, outputs: 0,
  config: Type.Object({}), help: 'Throws from a timer.',
  create: () => ({ input() { setTimeout(() => { throw new Error('boom from a timer'); }, 0); } }),
});
`);
  const cli = await startCli(t, ['--data-dir', dataDir]);
  const doc = {
    format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'F' }],
    nodes: [
      { id: 'go', type: 'inject', flow: 'f', config: {}, wires: [['t']] },
      { id: 't', type: 'thrower', flow: 'f', config: {}, wires: [] },
    ],
  };
  assert.equal((await cli.api('/api/flows', { method: 'PUT', body: doc })).status, 200);
  for (let i = 0; i < 3; i++) assert.equal((await cli.api('/api/nodes/go/trigger', { method: 'POST' })).status, 200);
  for (let i = 0; i < 100 && !cli.stderr().includes('boom from a timer'); i++) await sleep(20);
  assert.match(cli.stderr(), /uncaught exception \(a node's timer or event handler threw\): Error: boom from a timer/);
  assert.equal((await cli.api('/api/health')).body.status, 'ok', 'still serving');
  assert.equal(await cli.stop(), 0);
});
