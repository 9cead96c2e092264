// Keeps `npm run bench` from rotting: a short Patchbay-only run of the side-by-side harness
// (real `patchbay start`, generator processes, the checks on every message). Asserts that
// every row was measured and nothing was lost, never how fast anything was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('the bench runs end to end on Patchbay alone and every message arrives once, in order, transformed', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/bench/side-by-side.ts', '--quick', '--only', 'patchbay'], {
    cwd: repo, timeout: 90_000,
  });
  assert.match(stdout, /every message arrived once, in order, transformed/);
  assert.match(stdout, /\| MQTT in → function → MQTT out, QoS 0, saturated \| msg\/s ↑ \| [\d,.]+ \| — \|/);

  const results = JSON.parse(await readFile(`${repo}test-results/bench/side-by-side-quick.json`, 'utf8')) as {
    samples: Record<string, { patchbay?: number[] }>; faults: string[];
  };
  assert.deepEqual(results.faults, []);
  const measured = ['qos0.rate', 'qos0.cpu', 'qos1.rate', 'lat0.p50', 'lat1.p99', 'start.first', 'start.rss', 'deploy.ms', 'clients.ms'];
  for (const key of measured) {
    const values = results.samples[key]?.patchbay ?? [];
    assert.equal(values.length, 1, `one figure for ${key}`);
    assert.ok(Number.isFinite(values[0]) && values[0]! > 0, `${key} is a positive number, got ${values[0]}`);
  }
});
