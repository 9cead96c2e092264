// A real pino logger whose JSON lines land in an array, for tests that check what is logged.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export function capturingLog(lines: Array<Record<string, unknown>>): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return pino({ level: 'info', base: undefined }, sink);
}
