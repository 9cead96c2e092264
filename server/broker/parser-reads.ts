// mqtt-packet reads each incoming packet out of a `bl` BufferList (the parser's `_list`), whose
// readers copy: every readUInt8 / readUInt16BE (packet header, lengths, topic length, packet
// identifier) makes an offset array and a Buffer view to read one number from, and a topic is
// read through a Buffer view too: about 15% of what the server allocated per message in the
// MQTT pipeline benchmark. Here a connection's list reads numbers, strings and slices straight
// from the buffer that holds them, and leaves the rare value that straddles two buffers to bl.
import type { Client } from 'aedes';
import { parserOf } from './client-internals.ts';

/** The BufferList fields mqtt-packet's parser reads through. */
interface BufferList {
  _bufs: Buffer[];
  length: number;
  readUInt8(offset?: number): number;
  readUInt16BE(offset?: number): number;
  readUInt32BE(offset?: number): number;
  toString(encoding?: BufferEncoding, start?: number, end?: number): string;
  slice(start?: number, end?: number): Buffer;
}

/**
 * Gives the parser of `client` copy-free reads; call right after `aedes.handle()`. The parser
 * makes a new list only after a parse error, which closes the connection.
 *
 * @example
 * readWithoutCopies(aedes.handle(socket));
 */
export function readWithoutCopies(client: Client): void {
  const list = listOf(client);
  const { readUInt8, readUInt16BE, readUInt32BE, toString, slice } = list;
  list.readUInt8 = function (this: BufferList, offset = 0) {
    return locate(this._bufs, offset, 1) ? found[index]! : readUInt8.call(this, offset);
  };
  list.readUInt16BE = function (this: BufferList, offset = 0) {
    return locate(this._bufs, offset, 2) ? found.readUInt16BE(index) : readUInt16BE.call(this, offset);
  };
  list.readUInt32BE = function (this: BufferList, offset = 0) {
    return locate(this._bufs, offset, 4) ? found.readUInt32BE(index) : readUInt32BE.call(this, offset);
  };
  list.toString = function (this: BufferList, encoding?: BufferEncoding, start?: number, end?: number) {
    if (start === undefined || end === undefined || end < start || !locate(this._bufs, start, end - start)) return toString.call(this, encoding, start, end);
    return found.toString(encoding, index, index + end - start);
  };
  list.slice = function (this: BufferList, start?: number, end?: number) {
    if (start === undefined || end === undefined || end <= start || !locate(this._bufs, start, end - start)) return slice.call(this, start, end);
    return found.subarray(index, index + end - start);
  };
}

// What locate() found, kept here rather than returned in a new object (this runs per field read).
let found: Buffer = Buffer.alloc(0);
let index = 0;

/** Whether bytes [offset, offset + length) lie in one of `bufs`; sets `found` and `index` if so. */
function locate(bufs: Buffer[], offset: number, length: number): boolean {
  if (offset < 0) return false;
  let start = offset;
  for (const buf of bufs) {
    if (start < buf.length) {
      if (start + length > buf.length) return false;
      found = buf;
      index = start;
      return true;
    }
    start -= buf.length;
  }
  return false;
}

function listOf(client: Client): BufferList {
  const parser = parserOf(client);
  const list: unknown = typeof parser === 'object' && parser !== null ? Reflect.get(parser, '_list') : undefined;
  const usable = typeof list === 'object' && list !== null && Array.isArray(Reflect.get(list, '_bufs')) &&
    ['readUInt8', 'readUInt16BE', 'readUInt32BE', 'toString', 'slice'].every((name) => typeof Reflect.get(list, name) === 'function');
  if (!usable) throw new Error('aedes client parser has no bl list (_parser._list): parser-reads.ts needs updating for this aedes version');
  return list as BufferList;
}
