// udp out: sends msg.payload as a UDP datagram to an address and port (the node's, else
// msg.ip and msg.port), a broadcast address or a multicast group (Node-RED's udp out).
import { defineNode, NodeConfigError, NodeRuntimeError, showWhen, Type, type UdpSocket } from '#node-api';
import { payloadBytes, portField } from '../tcp-in/wire.ts';

export default defineNode({
  type: 'udp-out',
  version: 1,
  category: 'network',
  label: 'udp out',
  color: '#c0c0c0',
  icon: 'bridge',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    multicast: Type.Union([Type.Literal('false'), Type.Literal('broad'), Type.Literal('multi')], { default: 'false', title: 'Send a', description: 'false: datagram to one address; broad: broadcast; multi: to a multicast group' }),
    addr: Type.String({ default: '', title: 'Address', description: 'Where to send (broadcast: such as 255.255.255.255; multicast: the group); empty: msg.ip' }),
    port: portField('0: msg.port'),
    ipv: Type.Union([Type.Literal('udp4'), Type.Literal('udp6')], { default: 'udp4', title: 'Using', description: 'IPv4 or IPv6' }),
    iface: Type.String({ default: '', title: 'Interface', description: 'Multicast: the interface to send through, its address or name; empty: loopback only; 0.0.0.0: the system\'s default', ...showWhen({ multicast: ['multi'] }) }),
    outport: Type.Integer({ default: 0, minimum: 0, maximum: 65535, title: 'Local port', description: 'Send from this port; 0: any free one' }),
    base64: Type.Boolean({ default: false, title: 'Decode base64 encoded payload', description: 'A string payload is base64 and is sent as the bytes it encodes' }),
  }),
  async create(node) {
    const { multicast, addr, port, ipv, iface, outport, base64 } = node.config;
    if (multicast === 'multi' && !addr) throw new NodeConfigError('Multicast needs the group address', '/addr');
    let socket: UdpSocket | undefined;
    try {
      // Bound to every interface: a socket bound to loopback cannot send to other hosts. Nothing it receives is read.
      socket = await node.net.udp({
        type: ipv, port: outport, host: ipv === 'udp4' ? '0.0.0.0' : '::',
        broadcast: multicast !== 'false', ...(multicast === 'multi' && { multicast: { group: addr, iface } }),
      });
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: 'cannot open socket' });
      node.error(err);
    }
    return {
      async input(msg) {
        if (!Object.hasOwn(msg, 'payload')) return;
        const host = addr || (typeof msg.ip === 'string' ? msg.ip : '');
        const to = port || Number(msg.port);
        if (!host) return node.warn('No address: set it on the node or as msg.ip');
        if (!to) return node.warn('No port: set it on the node or as msg.port');
        if (!Number.isInteger(to) || to < 1 || to > 65535) return node.warn(`Port ${String(msg.port)} is not between 1 and 65535`);
        if (!socket) throw new NodeRuntimeError('The UDP socket could not be opened (see the earlier error)', 'NET_BIND_FAILED');
        await socket.send(payloadBytes(msg.payload, base64), { host, port: to });
      },
    };
  },
});
