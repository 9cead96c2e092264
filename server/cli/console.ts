// Console output that can't hurt the process. When whoever read stdout or stderr has gone (a
// closed pipe: `patchbay | tee log` stopped with Ctrl+C, a dead supervisor), every write fails
// with EPIPE; an unhandled stream error would become an uncaught exception whose report is
// another failing write — a loop at 100% CPU. So stream errors are swallowed once the reader is
// gone, and reports are written only while someone can read them.
import { setTimeout as delay } from 'node:timers';

let readerGone = false;

/** Installs the handlers; call once, before anything is written. */
export function surviveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => {
      readerGone = true; // EPIPE or EIO: nobody reads any more; nothing to report it to
    });
  }
}

/** One line on stderr, unless nobody can read it. */
export function report(text: string): void {
  if (readerGone || process.stderr.destroyed || !process.stderr.writable) return;
  process.stderr.write(`patchbay: ${text}\n`);
}

/** Exits with 1 after `ms` whatever else is going on (a shutdown that hangs). */
export function exitAfter(ms: number, message: string): void {
  delay(() => {
    report(message);
    process.exit(1);
  }, ms).unref();
}
