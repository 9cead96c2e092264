// Load: a real `patchbay` process floods debug messages (about 24 MB/s toward each editor) while
// one editor's connection is stalled. Without a bound, everything sent to the stalled editor would
// pile up in the server (240 MB in these 10 s); with it, the server's resident memory stays
// within RSS_GROWTH_BOUND_MB of what it was before, and the other editor keeps receiving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { EditorToServer, ServerToEditor } from '../../server/api/contract.ts';
import { ADMIN_PASSWORD, startCli } from '../helpers/cli.ts';
import { stallProxy } from '../helpers/stall-proxy.ts';
import { floodFlow } from '../helpers/flood.ts';

/** The stated bound: what the server may grow by while an editor is stalled under the flood. */
const RSS_GROWTH_BOUND_MB = 100;
const FLOOD_SECONDS = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

async function editor(url: string, token: string): Promise<Socket<ServerToEditor, EditorToServer>> {
  const socket: Socket<ServerToEditor, EditorToServer> = io(`${url}/editor`, { transports: ['websocket'], reconnection: false, auth: { token } });
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  return socket;
}

test(`load: a stalled editor under a debug flood grows the server by less than ${RSS_GROWTH_BOUND_MB} MB`, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-load-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const cli = await startCli(t, ['--no-broker', '--data-dir', dataDir]);
  const pid = cli.child.pid!;
  const login = await fetch(`${cli.editorUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const proxy = await stallProxy(t, cli.editorUrl);
  const stalled = await editor(proxy.url, token);
  const fast = await editor(cli.editorUrl, token);
  t.after(() => { stalled.close(); fast.close(); });
  let fastDebug = 0;
  fast.on('debug', () => { fastDebug++; });

  await pause(1000);
  const baseline = await rssMb(pid);
  proxy.stall();
  const flood = floodFlow(0.025); // 20 ticks of 10 messages of 60 KB a second
  assert.equal((await cli.api('/api/flows', { method: 'PUT', body: flood })).status, 200);
  let peak = baseline;
  const samples: number[] = [];
  for (let i = 0; i < FLOOD_SECONDS * 4; i++) {
    await pause(250);
    const rss = await rssMb(pid);
    samples.push(rss);
    peak = Math.max(peak, rss);
  }
  const received = fastDebug;
  t.diagnostic(`server RSS: ${baseline.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - baseline).toFixed(0)} MB) during ${FLOOD_SECONDS} s, `
    + `last ${samples.at(-1)!.toFixed(0)} MB; the other editor received ${received} debug messages (about ${(received * 61 / 1024).toFixed(0)} MB)`);
  assert.ok(received > FLOOD_SECONDS * 100, `the other editor kept receiving (${received} messages)`);
  assert.ok(peak - baseline < RSS_GROWTH_BOUND_MB, `RSS grew by ${(peak - baseline).toFixed(0)} MB`);
  assert.equal((await fetch(`${cli.editorUrl}/api/health`)).status, 200);
});
