// An editor that stops reading (its TCP connection stalled behind a proxy) while a flow floods
// debug messages: the other editors keep receiving, and the stalled one gets the latest node
// statuses and one warning about what it missed once it reads again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import type { EditorToServer, LogEvent, ServerToEditor } from '../../server/api/contract.ts';
import { nextEvent, startServer } from '../helpers/server.ts';
import { stallProxy } from '../helpers/stall-proxy.ts';
import { floodFlow } from '../helpers/flood.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a stalled editor does not hold up the others; it catches up with the latest statuses and one warning', async (t) => {
  const server = await startServer(t);
  const proxy = await stallProxy(t, server.url);
  const stalled: Socket<ServerToEditor, EditorToServer> = io(`${proxy.url}/editor`, { transports: ['websocket'], reconnection: false });
  t.after(() => stalled.close());
  await new Promise<void>((resolve, reject) => { stalled.once('connect', resolve); stalled.once('connect_error', reject); });
  const fast = await server.editorSocket();
  let fastDebug = 0;
  fast.on('debug', () => { fastDebug++; });
  const lastTick = (socket: Socket<ServerToEditor, EditorToServer>) => {
    const seen = { text: '' };
    socket.on('status', (e) => { if (e.node === 'make' && e.text) seen.text = e.text; });
    return seen;
  };
  const fastTick = lastTick(fast);
  const stalledTick = lastTick(stalled);
  const warnings: LogEvent[] = [];
  stalled.on('log', (e) => { if (/not keeping up/.test(e.message)) warnings.push(e); });

  proxy.stall();
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: floodFlow() })).status, 200);
  // About 24 MB goes to each editor in these two seconds: far more than socket and kernel buffers hold.
  await pause(2000);
  const before = fastDebug;
  await pause(500);
  assert.ok(fastDebug - before > 20, `the other editor kept receiving (${fastDebug - before} in 0.5 s)`);
  const calm = floodFlow();
  calm.nodes = calm.nodes.filter((n) => n.id !== 'clock');
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: calm })).status, 200);
  await pause(200);

  proxy.resume();
  const warning = await nextEvent(stalled, 'log', (e) => /not keeping up/.test(e.message), 10_000);
  assert.ok(Number(/^(\d+) /.exec(warning.message)?.[1]) > 0, warning.message);
  assert.match(fastTick.text, /^tick \d+$/);
  assert.equal(stalledTick.text, fastTick.text, 'the stalled editor got the latest status once it read again');
  await pause(200);
  assert.equal(warnings.length, 1, 'one warning for the time it was behind');
});
