// What every `patchbay <command>` module provides, and the console helpers they share. The CLI
// modules are the only code that writes to the console.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveSettings } from '../config.ts';

export interface CliCommand {
  name: string;
  /** Usage lines for `patchbay --help`. */
  usage: string;
  /** Resolves with the exit code; -1 keeps the process running (the server). */
  run(args: string[]): Promise<number>;
}

/** Thrown for a command line that doesn't parse: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a command's own arguments; unknown flags are a UsageError naming them. */
export function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The data dir a command works on: --data-dir, else PATCHBAY_DATA_DIR, settings, ~/.patchbay. */
export function dataDirOf(flag: string | undefined): string {
  return resolveSettings(flag === undefined ? {} : { dataDir: flag }).dataDir;
}

/** Reads a secret: the whole of stdin when it is piped, else a prompt that doesn't echo. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  return new Promise((resolve) => {
    let text = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          process.stdin.off('data', onData);
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stderr.write('\n');
          return resolve(text);
        }
        if (char === '\u0003') process.exit(130); // Ctrl+C
        text = char === '\u007f' ? text.slice(0, -1) : text + char;
      }
    };
    process.stdin.on('data', onData);
  });
}
