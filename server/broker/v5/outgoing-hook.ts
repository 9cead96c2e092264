// The one place where packets the broker writes can be shaped per connection (topic aliases,
// Maximum Packet Size, Receive Maximum, Reason Strings). aedes 2.0.0-beta.1 writes every packet
// through mqtt-packet's `writeToStream(packet, client.conn, opts)` (lib/write.js), reading the
// function off the module object at each call and offering no hook of its own, so the module's
// export is wrapped once: connections registered here get their shaper, every other stream
// (mqtt.js clients in the same process included) goes straight to the original.
import { createRequire } from 'node:module';
import type { Packet } from 'mqtt-packet';

type WriteToStream = (packet: Packet, stream: NodeJS.WritableStream, opts?: object) => boolean;

/** Shapes what is written to one connection; `send` is the real encoder. */
export interface OutgoingShaper {
  write(packet: Packet, send: (packet: Packet) => boolean): boolean;
}

// mqtt-packet is CommonJS: its exports object is what aedes' default import sees
const mqttPacket: { writeToStream: WriteToStream } = createRequire(import.meta.url)('mqtt-packet');
const shapers = new WeakMap<object, OutgoingShaper>();
let original: WriteToStream | undefined;

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
  shapers.set(stream, shaper);
  return () => shapers.delete(stream);
}

function install(): void {
  if (original) return;
  const write = mqttPacket.writeToStream;
  if (typeof write !== 'function') throw new Error('mqtt-packet has no writeToStream: outgoing-hook.ts needs updating');
  original = write;
  const shaped: WriteToStream = (packet, stream, opts) => {
    const shaper = shapers.get(stream);
    return shaper ? shaper.write(packet, (p) => write(p, stream, opts)) : write(packet, stream, opts);
  };
  // keep the encoder's number-cache switch working for whoever sets it on the export
  Object.defineProperty(shaped, 'cacheNumbers', {
    get: () => Reflect.get(write, 'cacheNumbers'),
    set: (value: boolean) => Reflect.set(write, 'cacheNumbers', value),
  });
  mqttPacket.writeToStream = shaped;
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
