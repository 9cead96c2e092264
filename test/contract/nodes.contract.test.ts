// One contract for every registered node type (STYLE R17): the definition is complete, its
// defaults pass its own schema, it starts and stops within the deadline, and nothing it
// created (timers, sockets) outlives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { NODE_CATEGORIES } from '../../server/node-api/types.ts';
import { Registry } from '../../server/runtime/registry.ts';
import { NodeEndpoints } from '../../server/http/node-endpoints.ts';
import { confinedFiles } from '../../server/files/confined-files.ts';
import { execProcesses } from '../../server/files/exec-processes.ts';
import { NodeWebSockets } from '../../server/websocket/node-websockets.ts';
import { sharedObjects } from '../../server/shared-objects.ts';
import { nodeNet } from '../../server/net/node-net.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runFlows, silentLog } from '../helpers/flows.ts';
import { devicesCapability } from '../../server/devices/index.ts';
import { startBuiltin, startPool } from '../helpers/mqtt.ts';

const nodesDir = fileURLToPath(new URL('../../nodes/', import.meta.url));
const registry = new Registry();
await registry.loadPackage(nodesDir);
const types = registry.catalogue();

/** Config a node needs beyond its defaults to start at all, with the reason. */
const STARTABLE: Record<string, Record<string, unknown>> = {
  'mqtt-in': { topic: 'contract/#' }, // a subscription needs a topic unless it is dynamic
  'link-call': { linkType: 'dynamic' }, // a static call needs a link-in to call
  // device nodes need a device (one that isn't there yet: they start and show a warning)
  'device-in': { device: 'contract-device' },
  'device-out': { device: 'contract-device' },
  'device-state': { device: 'contract-device' },
  watch: { files: '.' }, // something to watch
  'tcp-out': { host: '127.0.0.1', port: 9 }, // a client needs a server: nothing listens there, so it keeps retrying until stopped
};

/** Resource kinds that a stopped node must not leave behind. */
const LEAKABLE = new Set(['Timeout', 'Immediate', 'TCPSocketWrap', 'TCPWRAP', 'PipeWrap', 'FSReqPromise', 'UDPWrap', 'UDPWRAP', 'TCPServerWrap']);

function leakableResources(): string[] {
  return process.getActiveResourcesInfo().filter((kind) => LEAKABLE.has(kind)).sort();
}

test('the core package registers every node folder (a folder missing from nodes/package.json fails here)', () => {
  const folders = readdirSync(nodesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(nodesDir, entry.name, 'index.ts')))
    .map((entry) => entry.name);
  const registered = types.map((info) => basename(registry.get(info.type)!.dir));
  assert.deepEqual(registered.sort(), folders.sort());
  assert.deepEqual(types.map((info) => info.type).sort(), folders.sort(), 'each folder is named after its type');
});

for (const info of types) {
  test(`${info.type}: definition is complete and its defaults are valid`, () => {
    assert.match(info.type, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'type is kebab-case');
    assert.ok((NODE_CATEGORIES as readonly string[]).includes(info.category), `category ${info.category}`);
    assert.ok(info.label.trim().length > 0, 'label');
    assert.match(info.color, /^#[0-9a-fA-F]{3,8}$/, 'color');
    const properties = (info.schema.properties ?? {}) as Record<string, { default?: unknown; title?: string; type?: string }>;
    if (typeof info.inputs === 'object') assert.equal(properties[info.inputs.fromConfig]?.type, 'boolean', `input comes from boolean config key ${info.inputs.fromConfig}`);
    else assert.ok(info.inputs === 0 || info.inputs === 1, 'inputs');
    if (typeof info.outputs === 'object') assert.ok(info.outputs.fromConfig in properties, `outputs come from config key ${info.outputs.fromConfig}`);
    for (const [key, property] of Object.entries(properties)) {
      assert.ok('default' in property, `config key ${key} has a default`);
      assert.ok(property.title, `config key ${key} has a title for the form`);
    }
    const definition = registry.get(info.type)!.definition;
    const defaults = Value.Default(definition.config, {});
    assert.deepEqual([...Value.Errors(definition.config, defaults)].map((e) => e.path), [], 'defaults pass the schema');
    assert.ok(info.help.trim().length >= 80, 'help.md explains the node');
  });
}

test('every node type starts with its defaults, closes within the deadline and leaks nothing', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  const endpoints = new NodeEndpoints({ maxBodyBytes: 1024 * 1024, maxPendingRequests: 1000, log: silentLog });
  // Synchronously: a pending fs promise would count as a leak of the first node tested.
  const filesDir = mkdtempSync(join(tmpdir(), 'patchbay-contract-'));
  t.after(() => rmSync(filesDir, { recursive: true, force: true }));
  const files = confinedFiles(filesDir);
  const sockets = new NodeWebSockets();
  t.after(() => sockets.close());
  const shared = sharedObjects();
  for (const info of types) {
    await t.test(info.type, async () => {
      const before = leakableResources();
      const node = { id: 'n', type: info.type, config: STARTABLE[info.type] ?? {}, ...(info.category === 'config' ? { flow: undefined, wires: undefined } : {}) };
      const flows = await runFlows([node], { capabilities: {
        mqtt: (n) => pool.capability(n), http: (n) => endpoints.capability(n), devices: (n) => devicesCapability(() => undefined, n.signal),
        files: () => files, exec: () => execProcesses(false), shared: () => shared, websocket: (n) => sockets.capability(n), net: (n) => nodeNet(n),
      } });
      const started = Date.now();
      await flows.stop();
      assert.ok(Date.now() - started < 2000, 'closed before the deadline');
      // Connections are released asynchronously after the stop: allow them a moment.
      for (let i = 0; i < 50 && leakableResources().join() !== before.join(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(leakableResources(), before, 'no timers or sockets left behind');
    });
  }
});
