// TCP and UDP: tcp in, tcp out, tcp request, udp in, udp out. Node-RED listens on every
// interface; Patchbay's nodes listen on loopback unless a host is set, which each import notes.
import { type MapContext, type NodeMapping, Unmappable } from '../mapper.ts';
import type { NrNode } from '../types.ts';
import { flag, text } from '../values.ts';

const loopbackOnly = (field: string) => `it listens on 127.0.0.1 only (Patchbay is secure by default); set its ${field} to 0.0.0.0 to accept other machines, as Node-RED does`;

/** A choice option: Node-RED's value when Patchbay knows it, else the default (noted when it was set). */
function choice<T extends string>(value: unknown, known: readonly T[], fallback: T, ctx: MapContext, what: string): T {
  const given = text(value);
  const found = known.find((k) => k === given);
  if (found) return found;
  if (given !== '') ctx.note(`${what} "${given}" is not known; "${fallback}" is used`);
  return fallback;
}

/** A port: Node-RED saves it as text; empty (or unreadable, noted) is 0 — msg.port or a free port. */
function port(value: unknown, ctx: MapContext): number {
  const given = text(value).trim();
  if (given === '') return 0;
  const n = Number(given);
  if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
  ctx.note(`port "${given}" is not a port number; 0 is used`);
  return 0;
}

/** Plain TCP only for now: a TLS connection made in the clear would leak what TLS protects. */
function refuseTls(nr: NrNode): void {
  if (text(nr.tls) !== '') throw new Unmappable('TLS connections (tls-config) are not supported by Patchbay\'s tcp nodes yet');
}

const DATATYPES = ['buffer', 'utf8', 'base64'] as const;
const IP_VERSIONS = ['udp4', 'udp6'] as const;

const tcpIn: NodeMapping = {
  nodeRed: 'tcp in',
  patchbay: 'tcp-in',
  toPatchbay(nr, ctx) {
    refuseTls(nr);
    const server = nr.server === false || text(nr.server) === 'client' ? 'client' : 'server';
    if (server === 'server') ctx.note(loopbackOnly('host'));
    return {
      config: {
        server, host: server === 'client' ? text(nr.host) : '', port: port(nr.port, ctx),
        datamode: choice(nr.datamode, ['stream', 'single'], 'stream', ctx, 'output'),
        datatype: choice(nr.datatype, DATATYPES, 'buffer', ctx, 'payload type'),
        newline: text(nr.newline), trim: flag(nr.trim), topic: text(nr.topic),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, port: String(config.port), base64: false, tls: '' }),
};

const tcpOut: NodeMapping = {
  nodeRed: 'tcp out',
  patchbay: 'tcp-out',
  toPatchbay(nr, ctx) {
    refuseTls(nr);
    const beserver = choice(nr.beserver, ['client', 'server', 'reply'], 'client', ctx, 'type');
    if (beserver === 'server') ctx.note(loopbackOnly('host'));
    return {
      config: { beserver, host: beserver === 'client' ? text(nr.host) : '', port: port(nr.port, ctx), base64: flag(nr.base64), end: flag(nr.end) },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, port: config.port ? String(config.port) : '', tls: '' }),
};

const tcpRequest: NodeMapping = {
  nodeRed: 'tcp request',
  patchbay: 'tcp-request',
  toPatchbay(nr, ctx) {
    refuseTls(nr);
    return {
      config: {
        server: text(nr.server), port: port(nr.port, ctx),
        out: choice(nr.out, ['time', 'char', 'count', 'sit', 'immed'], 'time', ctx, 'close mode'),
        splitc: text(nr.splitc, '0'), ret: choice(nr.ret, ['buffer', 'string'], 'buffer', ctx, 'return type'),
        newline: text(nr.newline), trim: flag(nr.trim),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, port: config.port ? String(config.port) : '', tls: '' }),
};

const udpIn: NodeMapping = {
  nodeRed: 'udp in',
  patchbay: 'udp-in',
  toPatchbay(nr, ctx) {
    const multicast = flag(nr.multicast) ? 'true' : 'false';
    const iface = text(nr.iface);
    if (multicast === 'false') ctx.note(loopbackOnly('"Listen on" address'));
    else if (iface === '') ctx.note('it joins the multicast group on loopback only; set its interface (0.0.0.0 for the system\'s default) to hear the network, as Node-RED does');
    return {
      config: {
        multicast, group: text(nr.group), iface, host: '', port: port(nr.port, ctx),
        ipv: choice(nr.ipv, IP_VERSIONS, 'udp4', ctx, 'IP version'),
        datatype: choice(nr.datatype, DATATYPES, 'buffer', ctx, 'output'),
      },
    };
  },
  toNodeRed: ({ config }) => ({ multicast: config.multicast, group: config.group, iface: config.iface, port: String(config.port), ipv: config.ipv, datatype: config.datatype }),
};

const udpOut: NodeMapping = {
  nodeRed: 'udp out',
  patchbay: 'udp-out',
  toPatchbay(nr, ctx) {
    const multicast = choice(nr.multicast, ['false', 'broad', 'multi'], 'false', ctx, 'send mode');
    const iface = text(nr.iface);
    if (multicast === 'multi' && iface === '') ctx.note('it sends to the multicast group through loopback only; set its interface (0.0.0.0 for the system\'s default) to reach the network, as Node-RED does');
    return {
      config: {
        multicast, addr: text(nr.addr), port: port(nr.port, ctx), ipv: choice(nr.ipv, IP_VERSIONS, 'udp4', ctx, 'IP version'),
        iface, outport: port(nr.outport, ctx), base64: flag(nr.base64),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, port: config.port ? String(config.port) : '', outport: config.outport ? String(config.outport) : '' }),
};

export const networkMappings: NodeMapping[] = [tcpIn, tcpOut, tcpRequest, udpIn, udpOut];
