// tcp nodes in a real server, deployed over REST: node.net is wired in createServer, and a
// redeploy of a tcp in node closes its connections and frees its port for the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowDocument } from '../../server/api/contract.ts';
import { eventually, freePort, tcpClient } from '../helpers/net.ts';
import { startServer } from '../helpers/server.ts';

const doc = (nodes: FlowDocument['nodes']): FlowDocument => ({ format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'F' }], nodes });

const echo = (port: number, suffix: string): FlowDocument => doc([
  { id: 'in', type: 'tcp-in', flow: 'f', config: { port, datatype: 'utf8', newline: '\\n', topic: suffix }, wires: [['fn']] },
  { id: 'fn', type: 'function', flow: 'f', config: { code: `msg.payload = msg.payload + "${suffix}\\n"; return msg;` }, wires: [['out']] },
  { id: 'out', type: 'tcp-out', flow: 'f', config: { beserver: 'reply' }, wires: [] },
]);

test('a tcp echo deployed over REST answers; a redeploy on the same port takes over', async (t) => {
  const { api } = await startServer(t);
  const port = await freePort();
  const first = await api('/api/flows', { method: 'PUT', body: echo(port, '!') });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const a = await tcpClient(t, port);
  a.socket.write('hi\n');
  await eventually(() => a.received() === 'hi!\n', 'the first echo');
  const rev = (await api('/api/flows')).body as { rev: string };
  const second = await api('/api/flows', { method: 'PUT', body: echo(port, '?'), headers: { 'If-Match': rev.rev } });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  await a.closed; // the old node's connections closed with it
  const b = await tcpClient(t, port);
  b.socket.write('hi\n');
  await eventually(() => b.received() === 'hi?\n', 'the second echo');
});
