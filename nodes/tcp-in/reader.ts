// How the bytes of one connection become payloads: Node-RED's tcp in "stream of" / "single"
// output as Buffers, strings or base64, and strings split at a delimiter.
import { StringDecoder } from 'node:string_decoder';

export type DataType = 'buffer' | 'utf8' | 'base64';

export interface ReaderOptions {
  /** A message per chunk (or per delimited piece) as it arrives; false: one when the connection ends. */
  stream: boolean;
  datatype: DataType;
  /** Strings only: split at this delimiter ("" for none). */
  newline: string;
  /** Keep the delimiter on each piece (Node-RED's "re-attach delimiter"). */
  trim: boolean;
}

export interface PayloadReader {
  data(chunk: Buffer): void;
  /** The connection ended: what is still held goes out. */
  end(): void;
}

const encode = (bytes: Buffer, datatype: DataType): Buffer | string => (datatype === 'buffer' ? bytes : bytes.toString(datatype));

export function payloadReader(options: ReaderOptions, emit: (payload: Buffer | string) => void): PayloadReader {
  const { datatype, newline, trim } = options;
  if (!options.stream) {
    // The whole stream is encoded at once: base64 of each chunk would not join into the base64 of all.
    const chunks: Buffer[] = [];
    return {
      data: (chunk) => { chunks.push(chunk); },
      end: () => {
        const all = Buffer.concat(chunks.splice(0));
        if (all.length > 0) emit(encode(all, datatype));
      },
    };
  }
  if (datatype !== 'utf8') return { data: (chunk) => emit(encode(chunk, datatype)), end: () => undefined };
  // A character split across two chunks is decoded whole.
  const decoder = new StringDecoder('utf8');
  if (!newline) {
    return {
      data: (chunk) => { const text = decoder.write(chunk); if (text) emit(text); },
      end: () => { const text = decoder.end(); if (text) emit(text); },
    };
  }
  let rest = '';
  return {
    data(chunk) {
      const parts = (rest + decoder.write(chunk)).split(newline);
      rest = parts.pop() ?? '';
      for (const part of parts) emit(trim ? part + newline : part);
    },
    end() {
      const last = rest + decoder.end();
      rest = '';
      if (last) emit(last);
    },
  };
}
