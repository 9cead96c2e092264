// The one place where packets the broker writes can be shaped per connection (topic aliases,
// Maximum Packet Size, Receive Maximum, Reason Strings). aedes 2.0.0-beta.1 writes every packet
// through mqtt-packet's `writeToStream(packet, client.conn, opts)` (lib/write.js), reading the
// function off the module object at each call and offering no hook of its own, so the module's
// export is wrapped once: connections registered here get their shaper, every other stream
// (mqtt.js clients in the same process included) goes straight to the original.
//
// It also batches a connection's writes. mqtt-packet corks the stream per packet and uncorks
// it on the next tick, and aedes writes each delivery in its own setImmediate, so every packet
// cost one writev system call (about 40% of the broker's busy time under load). A registered
// stream stays corked from its first write until the next turn of the event loop, so all the
// packets written to it in one turn leave in one writev, in the order they were written.
// Connections that got a PUBLISH in the turn are flushed before those that got only
// acknowledgements, so a PUBACK's write does not delay the delivery of its message.
// PUBLISH packets to those connections are encoded here as one buffer each (publish-encoder.ts).
import { createRequire } from 'node:module';
import type { Packet } from 'mqtt-packet';
import { encodeDelivery } from '../publish-encoder.ts';

type WriteToStream = (packet: Packet, stream: NodeJS.WritableStream, opts?: object) => boolean;

/** Shapes what is written to one connection; `send` is the real encoder. */
export interface OutgoingShaper {
  write(packet: Packet, send: (packet: Packet) => boolean): boolean;
}

// mqtt-packet is CommonJS: its exports object is what aedes' default import sees
const mqttPacket: { writeToStream: WriteToStream } = createRequire(import.meta.url)('mqtt-packet');
/** A registered stream's shaper, and the encoder call for the options aedes last passed. */
interface Shaped {
  shaper: OutgoingShaper;
  opts?: object;
  send: (packet: Packet) => boolean;
}
const shapers = new WeakMap<object, Shaped>();
let original: WriteToStream | undefined;
/** Streams corked by {@link batch}, uncorked together by the one pending {@link flushAll}. */
const corked = new Set<NodeJS.WritableStream & Corkable>();
/** Those of them a PUBLISH was written to in this batch. */
const delivering = new Set<NodeJS.WritableStream & Corkable>();
let flushPending = false;

interface Corkable {
  cork(): void;
  uncork(): void;
  writableCorked?: number;
}

/**
 * Routes what the broker writes to `stream` through `shaper` until the returned function is
 * called (or the stream is garbage: the map holds it weakly).
 *
 * @example
 * const release = shapeOutgoing(socket, protocol);
 * socket.once('close', release);
 */
export function shapeOutgoing(stream: object, shaper: OutgoingShaper): () => void {
  install();
  shapers.set(stream, { shaper, send: () => false });
  return () => shapers.delete(stream);
}

/**
 * The real encoder: a PUBLISH as one buffer in one write, the same buffer for each subscriber
 * of a message (publish-encoder.ts); every other packet (and a PUBLISH that one leaves alone)
 * through mqtt-packet.
 */
function send(packet: Packet, stream: NodeJS.WritableStream, opts?: object): boolean {
  if (packet.cmd === 'publish') {
    const bytes = encodeDelivery(packet, versionOf(opts));
    if (bytes) return stream.write(bytes);
  }
  return original!(packet, stream, opts);
}

/** The protocol version in aedes' writeToStream options (mqtt-packet's default is 4). */
function versionOf(opts?: object): number {
  const version: unknown = opts ? Reflect.get(opts, 'protocolVersion') : undefined;
  return typeof version === 'number' ? version : 4;
}

function install(): void {
  if (original) return;
  const write = mqttPacket.writeToStream;
  if (typeof write !== 'function') throw new Error('mqtt-packet has no writeToStream: outgoing-hook.ts needs updating');
  original = write;
  // A packet identifier's two bytes made per packet rather than read from the 65,536 Buffers
  // mqtt-packet otherwise makes at its first write: ~6 MiB of an idle broker's memory, for the
  // acknowledgements only (PUBLISH packets are encoded by publish-encoder.ts).
  Reflect.set(write, 'cacheNumbers', false);
  const shaped: WriteToStream = (packet, stream, opts) => {
    const entry = shapers.get(stream);
    if (!entry) return write(packet, stream, opts);
    batch(stream as NodeJS.WritableStream & Corkable, false);
    // one send function per connection and options object (aedes passes one per version)
    if (entry.opts !== opts) {
      entry.opts = opts;
      // a shaper may write later (a held PUBACK): that write joins the batch of its turn too
      entry.send = (p) => {
        batch(stream as NodeJS.WritableStream & Corkable, p.cmd === 'publish');
        return send(p, stream, opts);
      };
    }
    return entry.shaper.write(packet, entry.send);
  };
  // keep the encoder's number-cache switch working for whoever sets it on the export
  Object.defineProperty(shaped, 'cacheNumbers', {
    get: () => Reflect.get(write, 'cacheNumbers'),
    set: (value: boolean) => Reflect.set(write, 'cacheNumbers', value),
  });
  mqttPacket.writeToStream = shaped;
}

/** Keeps `stream` corked until the next turn of the event loop (see the top of this file). */
function batch(stream: NodeJS.WritableStream & Corkable, delivery: boolean): void {
  if (typeof stream.cork !== 'function') return;
  if (delivery) delivering.add(stream);
  if (corked.has(stream)) return;
  stream.cork();
  corked.add(stream);
  if (flushPending) return;
  flushPending = true;
  // setImmediate, not nextTick: aedes writes each delivery from its own setImmediate callback,
  // and a nextTick would flush after every one of them
  setImmediate(flushAll);
}

function flushAll(): void {
  flushPending = false;
  // taken out first: an uncork can emit 'drain', and what is written then starts a new batch
  // messages first: their receivers wait for them, while an acknowledgement only lets a
  // publisher go on (a PUBACK of a message the same batch delivers must not go ahead of it)
  const streams = [...delivering, ...[...corked].filter((stream) => !delivering.has(stream))];
  corked.clear();
  delivering.clear();
  for (const stream of streams) stream.uncork();
}

/**
 * Sends what is batched for `stream` now, e.g. right before the connection is destroyed
 * (destroying a corked stream discards what it holds).
 */
export function flushOutgoing(stream: object): void {
  const s = stream as NodeJS.WritableStream & Corkable;
  corked.delete(s);
  delivering.delete(s);
  // uncork() undoes one cork(): also the ones mqtt-packet's encoder takes until its next tick
  while ((s.writableCorked ?? 0) > 0) s.uncork();
}

/**
 * Writes `packet` to `stream` as aedes does (through the stream's shaper, if any), for the few
 * packets the broker answers itself.
 *
 * @example
 * writePacket(client.conn, { cmd: 'puback', messageId: 7, reasonCode: 0x99 }, 5);
 */
export function writePacket(stream: NodeJS.WritableStream, packet: Packet, version: number): boolean {
  return mqttPacket.writeToStream(packet, stream, { protocolVersion: version === 5 ? 5 : 4 });
}
