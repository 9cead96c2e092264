// udp in: a message for each UDP datagram on a port, or for a multicast group (Node-RED's udp in).
import { defineNode, NodeConfigError, showWhen, Type } from '#node-api';
import { formatAddress, portField } from '../tcp-in/wire.ts';

export default defineNode({
  type: 'udp-in',
  version: 1,
  category: 'network',
  label: 'udp in',
  color: '#c0c0c0',
  icon: 'bridge',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    multicast: Type.Union([Type.Literal('false'), Type.Literal('true')], { default: 'false', title: 'Listen for', description: 'false: datagrams sent to this host; true: datagrams sent to a multicast group' }),
    group: Type.String({ default: '', title: 'Group', description: 'The multicast group address (such as 239.1.2.3)', ...showWhen({ multicast: ['true'] }) }),
    iface: Type.String({ default: '', title: 'Interface', description: 'The interface to join the group on: its address or name (eth0); empty: loopback only; 0.0.0.0: the system\'s default', ...showWhen({ multicast: ['true'] }) }),
    host: Type.String({ default: '', title: 'Listen on', description: 'The local address (empty: 127.0.0.1 or ::1 only; 0.0.0.0 or :: for every interface)', ...showWhen({ multicast: ['false'] }) }),
    port: portField('0 picks a free port (shown in the status)'),
    ipv: Type.Union([Type.Literal('udp4'), Type.Literal('udp6')], { default: 'udp4', title: 'Using', description: 'IPv4 or IPv6' }),
    datatype: Type.Union([Type.Literal('buffer'), Type.Literal('utf8'), Type.Literal('base64')], { default: 'buffer', title: 'Output', description: 'A Buffer, a string, or a base64 string' }),
  }),
  async create(node) {
    const { multicast, group, iface, host, port, ipv, datatype } = node.config;
    if (multicast === 'true' && !group) throw new NodeConfigError('Multicast needs a group address', '/group');
    try {
      const socket = await node.net.udp({ type: ipv, port, host, ...(multicast === 'true' && { multicast: { group, iface } }) });
      node.status({ text: multicast === 'true' ? `${group} · port ${socket.address.port}` : formatAddress(socket.address) });
      socket.onMessage((data, from) => {
        const payload = datatype === 'buffer' ? data : data.toString(datatype);
        node.send({ _msgid: node.newMessageId(), payload, fromip: `${from.address}:${from.port}`, ip: from.address, port: from.port });
      });
    } catch (err) {
      // A port in use stops this node only, as in Node-RED; the rest of the deploy runs.
      node.status({ fill: 'red', shape: 'ring', text: 'cannot listen' });
      node.error(err);
    }
  },
});
