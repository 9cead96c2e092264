// http.maxPendingRequests from settings.json, in a real server: requests to flow endpoints
// that no flow has answered yet are bounded; past the bound the client gets a 503 at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../helpers/server.ts';

test('requests beyond http.maxPendingRequests get a 503 with Retry-After; answered ones free their place', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-pending-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ http: { maxPendingRequests: 2 } }));
  const server = await startServer(t, { dataDir });
  // http in → delay 1.5 s → http response: each request waits for its answer meanwhile.
  const deployed = await server.api('/api/flows', {
    method: 'PUT',
    body: {
      format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'Slow' }],
      nodes: [
        { id: 'in', type: 'http-in', flow: 'f1', config: { url: '/slow' }, wires: [['wait']] },
        { id: 'wait', type: 'delay', flow: 'f1', config: { timeout: 1500, timeoutUnits: 'milliseconds' }, wires: [['out']] },
        { id: 'out', type: 'http-response', flow: 'f1', config: {}, wires: [] },
      ],
    },
  });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  const waiting = [fetch(`${server.url}/slow`), fetch(`${server.url}/slow`)];
  await new Promise((resolve) => setTimeout(resolve, 300));
  const refused = await fetch(`${server.url}/slow`);
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.deepEqual(await Promise.all(waiting.map(async (w) => (await w).status)), [200, 200]);
  assert.equal((await fetch(`${server.url}/slow`)).status, 200, 'answered requests freed their places');
});
