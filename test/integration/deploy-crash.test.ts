// kill -9 at any moment of a deploy leaves the flow file and the credentials of one and the
// same revision: the old pair or the new, never a mix. Aimed between the two file writes (the
// moment the new credentials file lands) and at random points, with the real CLI process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '../../server/api/contract.ts';
import { checkFlowDocument, revisionOf } from '../../server/runtime/flow-document.ts';
import { credentialKey, credentialsFor, readCredentials } from '../../server/storage/credentials.ts';
import { readFlowsFile } from '../../server/storage/flows-file.ts';
import { startCli } from '../helpers/cli.ts';

const ROUNDS = 30;

/** Two deploys that differ in flows and in credentials: node `a` (secret A) becomes node `b` (secret B). */
const version = (which: 'a' | 'b'): FlowDocument & { credentials: Record<string, Record<string, string>> } => ({
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: `version ${which}` }],
  nodes: [{ id: which, type: 'http-request', flow: 'f1', config: { url: `http://127.0.0.1:9/${which}` }, wires: [[]] }],
  credentials: { [which]: { token: `secret-${which}` } },
});

/** What is on disk must be one revision's pair: each node's listed keys, with that version's secret. */
async function assertConsistent(dataDir: string, round: number): Promise<'a' | 'b'> {
  const stored = checkFlowDocument(await readFlowsFile(join(dataDir, 'flows.json')));
  assert.ok(stored.ok, `round ${round}: the flow file is a valid document`);
  const [node] = stored.doc.nodes;
  const which = node!.id as 'a' | 'b';
  const key = await credentialKey(undefined, join(dataDir, 'credential.key'));
  const credentials = credentialsFor(await readCredentials(join(dataDir, 'credentials.json'), key), revisionOf(stored.doc));
  assert.deepEqual(node!.credentials, ['token'], `round ${round}: the flow file lists the token`);
  assert.deepEqual({ ...credentials[which] }, { token: `secret-${which}` }, `round ${round}: flows of version ${which} have version ${which}'s credentials`);
  return which;
}

test(`kill -9 during deploys (${ROUNDS} rounds, half aimed between the file writes): flows and credentials always belong together`, { timeout: 600_000 }, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-crash-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await startCli(t, ['--data-dir', dataDir, '--no-broker']);
  assert.equal((await first.api('/api/flows', { method: 'PUT', body: version('a') })).status, 200);
  assert.equal(await first.stop(), 0);
  const seen = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const cli = await startCli(t, ['--data-dir', dataDir, '--no-broker']);
    const before = await assertConsistent(dataDir, round);
    const next = before === 'a' ? 'b' : 'a';
    const aimed = round % 2 === 0;
    await cli.api('/api/auth/me'); // logged in before the clock starts: the kill lands in the deploy
    let watcher: ReturnType<typeof watch> | undefined;
    if (aimed) {
      // The new credentials file is renamed into place first; the flow file follows.
      watcher = watch(dataDir, (_event, file) => { if (file === 'credentials.json') cli.child.kill('SIGKILL'); });
    } else {
      // A deploy with its two fsynced writes takes some tens of ms here: kills land before, in and after it.
      setTimeout(() => cli.child.kill('SIGKILL'), Math.random() * 120);
    }
    await cli.api('/api/flows', { method: 'PUT', body: version(next) }).catch(() => undefined); // killed mid-request
    cli.child.kill('SIGKILL');
    await new Promise((resolve) => (cli.child.exitCode === null && cli.child.signalCode === null ? cli.child.once('exit', resolve) : resolve(undefined)));
    watcher?.close();
    seen.add(await assertConsistent(dataDir, round));
  }
  // Over the rounds, both the old and the new pair were left behind at least once.
  assert.deepEqual([...seen].sort(), ['a', 'b']);
  const last = await startCli(t, ['--data-dir', dataDir, '--no-broker']);
  const flows = await last.api('/api/flows');
  assert.equal(flows.status, 200, 'it starts after the last kill');
  assert.equal(await last.stop(), 0);
});
