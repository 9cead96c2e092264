// websocket in/out on the server's own port, and a websocket client connecting out, with a
// real ws client against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

const doc = (nodes: FlowDocument['nodes']): FlowDocument => ({ format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'F' }], nodes });

function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no WebSocket message within 3 s')), 3000);
    ws.once('message', (data) => { clearTimeout(timer); resolve(String(data)); });
  });
}

test('a listener path echoes to the sender only (msg._session); the others get broadcasts', async (t) => {
  const { api, url } = await startServer(t);
  const put = await api('/api/flows', { method: 'PUT', body: doc([
    { id: 'l', type: 'websocket-listener', config: { path: '/ws/echo' } },
    { id: 'in', type: 'websocket-in', flow: 'f', config: { server: 'l' }, wires: [['up']] },
    { id: 'up', type: 'function', flow: 'f', config: { code: 'msg.payload = String(msg.payload).toUpperCase(); return msg;' }, wires: [['out']] },
    { id: 'out', type: 'websocket-out', flow: 'f', config: { server: 'l' }, wires: [] },
    { id: 'tick', type: 'inject', flow: 'f', config: { payload: { type: 'str', value: 'to all' } }, wires: [['out']] },
  ]) });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const wsUrl = `${url.replace('http', 'ws')}/ws/echo`;
  const a = new WebSocket(wsUrl);
  const b = new WebSocket(wsUrl);
  t.after(() => { a.close(); b.close(); });
  await Promise.all([a, b].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
  const bGot: string[] = [];
  b.on('message', (d) => bGot.push(String(d)));
  const reply = nextMessage(a);
  a.send('hello');
  assert.equal(await reply, 'HELLO');
  const broadcast = nextMessage(a);
  await api('/api/nodes/tick/trigger', { method: 'POST' });
  assert.equal(await broadcast, 'to all');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(bGot, ['to all'], 'b never saw a\'s reply');
});

test('a websocket client connects out, sends whole messages and receives', async (t) => {
  const { api, url, editorSocket } = await startServer(t);
  const socket = await editorSocket();
  const put = await api('/api/flows', { method: 'PUT', body: doc([
    { id: 'l', type: 'websocket-listener', config: { path: '/ws/far', wholemsg: true } },
    { id: 'c', type: 'websocket-client', config: { path: `${url.replace('http', 'ws')}/ws/far`, wholemsg: true } },
    { id: 'server-in', type: 'websocket-in', flow: 'f', config: { server: 'l' }, wires: [['show']] },
    { id: 'show', type: 'debug', flow: 'f', config: { property: '' }, wires: [] },
    { id: 'send', type: 'inject', flow: 'f', config: { payload: { type: 'num', value: '7' }, topic: 't' }, wires: [['client-out']] },
    { id: 'client-out', type: 'websocket-out', flow: 'f', config: { client: 'c' }, wires: [] },
  ]) });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const seen = new Promise<{ value: { payload?: unknown; topic?: unknown } }>((resolve) => socket.on('debug', (e) => resolve(e as never)));
  // The client connects asynchronously: press until the message arrives.
  for (let i = 0; i < 40; i++) {
    await api('/api/nodes/send/trigger', { method: 'POST' });
    const got = await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, 100, undefined))]);
    if (got) break;
  }
  const { value } = await seen;
  assert.equal(value.payload, 7);
  assert.equal(value.topic, 't');
});
