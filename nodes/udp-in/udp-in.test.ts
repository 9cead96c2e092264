import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';
import { listeningPort, netCapabilities, udpPeer } from '../../test/helpers/net.ts';
import { deployErrors, startNode } from '../../test/helpers/node-test.ts';

const net = () => ({ capabilities: netCapabilities() });

test('a message per datagram, with the sender as ip, port and fromip; on 127.0.0.1 unless a host is named', async (t) => {
  const flows = await startNode(t, 'udp-in', { datatype: 'utf8' }, net());
  const port = await listeningPort(flows, 'n');
  assert.ok(flows.events.status.some((e) => e.text === `127.0.0.1:${port}`));
  const peer = await udpPeer(t);
  peer.socket.send('hello', port, '127.0.0.1');
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, 'hello');
  assert.equal(msg!.ip, '127.0.0.1');
  assert.equal(msg!.port, peer.port);
  assert.equal(msg!.fromip, `127.0.0.1:${peer.port}`);
});

test('Buffer and base64 output', async (t) => {
  const flows = await runFlows([
    { id: 'raw', type: 'udp-in', config: {}, wires: [['buffers']] },
    { id: 'b64', type: 'udp-in', config: { datatype: 'base64' }, wires: [['texts']] },
    { id: 'buffers', type: 'test-sink' },
    { id: 'texts', type: 'test-sink' },
  ], net());
  t.after(() => flows.stop());
  const peer = await udpPeer(t);
  peer.socket.send(Buffer.from([0, 255]), await listeningPort(flows, 'raw'), '127.0.0.1');
  peer.socket.send(Buffer.from([0, 255]), await listeningPort(flows, 'b64'), '127.0.0.1');
  const [raw] = await flows.waitFor('buffers');
  assert.deepEqual([...(raw!.payload as Buffer)], [0, 255]);
  assert.equal((await flows.waitFor('texts'))[0]!.payload, 'AP8=');
});

test('IPv6: listens on ::1', async (t) => {
  const flows = await startNode(t, 'udp-in', { ipv: 'udp6', datatype: 'utf8' }, net());
  const port = await listeningPort(flows, 'n');
  assert.ok(flows.events.status.some((e) => e.text === `[::1]:${port}`));
  const peer = await udpPeer(t, 'udp6');
  peer.socket.send('six', port, '::1');
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'six');
});

test('multicast: udp out to a group reaches udp in joined to it (both on the loopback interface)', async (t) => {
  const group = '239.255.77.1';
  const flows = await runFlows([
    { id: 'in', type: 'udp-in', config: { multicast: 'true', group, iface: '127.0.0.1', datatype: 'utf8' }, wires: [['got']] },
    { id: 'got', type: 'test-sink' },
  ], net());
  t.after(() => flows.stop());
  const status = await flows.waitForEvent('status', (e) => e.node === 'in' && e.text?.startsWith(group) === true);
  const port = Number(/port (\d+)$/.exec(status.text ?? '')![1]);
  await flows.redeploy([
    { id: 'in', type: 'udp-in', config: { multicast: 'true', group, iface: '127.0.0.1', datatype: 'utf8', port }, wires: [['got']] },
    { id: 'got', type: 'test-sink' },
    { id: 'out', type: 'udp-out', config: { multicast: 'multi', addr: group, iface: '127.0.0.1', port } },
  ]);
  flows.send('out', { payload: 'to the group' });
  const [msg] = await flows.waitFor('got');
  assert.equal(msg!.payload, 'to the group');
});

test('an address that is no multicast group stops only that node, reported as an error', async (t) => {
  const flows = await startNode(t, 'udp-in', { multicast: 'true', group: '10.0.0.1', iface: '127.0.0.1' }, net());
  const log = await flows.waitForEvent('log', (e) => e.node === 'n' && e.level === 'error');
  assert.match(log.message, /Cannot join multicast group 10\.0\.0\.1/);
  assert.ok(flows.events.status.some((e) => e.node === 'n' && e.text === 'cannot listen'));
});

test('multicast without a group is a deploy error', async () => {
  assert.equal((await deployErrors('udp-in', { multicast: 'true' }))[0]?.path, '/config/group');
});
