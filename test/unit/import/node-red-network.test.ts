// Node-RED's tcp and udp nodes import as Patchbay's (loopback-only servers noted), go back on
// export with Node-RED's fields, and an imported tcp echo and udp echo run on real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertNodeRed, exportNodeRed } from '../../../server/import/node-red/index.ts';
import { runDocument } from '../../helpers/imported.ts';
import { eventually, freePort, netCapabilities, tcpClient, udpPeer } from '../../helpers/net.ts';

const tab = { id: 't1', type: 'tab', label: 'Network' };
const at = { z: 't1', x: 200, y: 100 };

const tcpIn = (port: string) => ({ id: 'tin', type: 'tcp in', ...at, name: '', server: 'server', host: '', port, datamode: 'stream', datatype: 'utf8', newline: '\\n', topic: 'lines', trim: false, base64: false, tls: '', wires: [['upper']] });
const upper = { id: 'upper', type: 'change', ...at, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '$uppercase(payload) & "\\n"', tot: 'jsonata' }], wires: [['tout']] };
const tcpReply = { id: 'tout', type: 'tcp out', ...at, host: '', port: '', beserver: 'reply', base64: false, end: false, tls: '', wires: [] };
const udpIn = (port: string) => ({ id: 'uin', type: 'udp in', ...at, iface: '', port, ipv: 'udp4', multicast: 'false', group: '', datatype: 'utf8', wires: [['uout']] });
const udpReply = { id: 'uout', type: 'udp out', ...at, addr: '', iface: '', port: '', ipv: 'udp4', outport: '', base64: false, multicast: 'false', wires: [] };
const tcpRequest = { id: 'treq', type: 'tcp request', ...at, server: '10.0.0.5', port: '9100', out: 'char', ret: 'string', splitc: '\\n', newline: '', trim: false, tls: '', wires: [[]] };

test('tcp and udp nodes import as mapped types; servers are noted as listening on loopback; TLS stays a placeholder', () => {
  const withTls = { ...tcpIn('7000'), id: 'tls', tls: 'tls-config-1', wires: [[]] };
  const { document, report } = convertNodeRed([tab, tcpIn('7000'), upper, tcpReply, udpIn('5005'), udpReply, tcpRequest, withTls]);
  const node = (id: string) => document.nodes.find((n) => n.id === id)!;
  assert.equal(node('tin').type, 'tcp-in');
  assert.deepEqual(node('tin').config, { server: 'server', host: '', port: 7000, datamode: 'stream', datatype: 'utf8', newline: '\\n', trim: false, topic: 'lines' });
  assert.deepEqual(node('tout').config, { beserver: 'reply', host: '', port: 0, base64: false, end: false });
  assert.deepEqual(node('treq').config, { server: '10.0.0.5', port: 9100, out: 'char', splitc: '\\n', ret: 'string', newline: '', trim: false });
  assert.deepEqual(node('uin').config, { multicast: 'false', group: '', iface: '', host: '', port: 5005, ipv: 'udp4', datatype: 'utf8' });
  assert.deepEqual(node('uout').config, { multicast: 'false', addr: '', port: 0, ipv: 'udp4', iface: '', outport: 0, base64: false });
  const outcome = (id: string) => report.nodes.find((r) => r.id === id)!;
  assert.equal(outcome('tin').outcome, 'approximated');
  assert.match(outcome('tin').notes.join(), /127\.0\.0\.1 only/);
  assert.equal(outcome('uin').outcome, 'approximated');
  for (const id of ['tout', 'treq', 'uout']) assert.equal(outcome(id).outcome, 'mapped', id);
  assert.equal(node('tls').type, 'unsupported');
  assert.match(outcome('tls').notes.join(), /TLS/);
});

test('export writes the Node-RED fields back', () => {
  const { document } = convertNodeRed([tab, tcpIn('7000'), upper, tcpReply, udpIn('5005'), udpReply, tcpRequest]);
  const { flows } = exportNodeRed(document);
  const entry = (id: string) => flows.find((e) => e.id === id)!;
  assert.deepEqual({ ...entry('tin'), x: 0, y: 0 }, { ...tcpIn('7000'), x: 0, y: 0 });
  assert.equal(entry('treq').port, '9100');
  assert.equal(entry('uin').port, '5005');
  assert.equal(entry('uout').port, '');
  assert.equal(entry('tout').beserver, 'reply');
});

test('an imported tcp echo (tcp in → change → tcp out reply) and udp echo run', async (t) => {
  const tcpPort = await freePort();
  const udp = await udpPeer(t);
  const udpPort = await freePort();
  const { document } = convertNodeRed([tab, tcpIn(String(tcpPort)), upper, tcpReply, udpIn(String(udpPort)), udpReply]);
  const running = await runDocument(document, {}, {}, netCapabilities());
  t.after(() => running.stop());
  const client = await tcpClient(t, tcpPort);
  client.socket.write('hello\nworld\n');
  await eventually(() => client.received() === 'HELLO\nWORLD\n', 'the echoed lines');
  udp.socket.send('ping', udpPort, '127.0.0.1');
  await eventually(() => udp.received.length === 1, 'the udp answer');
  assert.equal(udp.received[0]!.data, 'ping');
});
