// The `patchbay` command: picks the subcommand (`start` when none is named) and runs it.
import { PATCHBAY_VERSION } from './version.ts';
import { UsageError, type CliCommand } from './cli/command.ts';
import { report, surviveClosedOutput } from './cli/console.ts';

/** Each command's module, imported when it runs (or for --help): a start loads no other command's code. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  start: async () => (await import('./cli/start.ts')).startCommand,
  users: async () => (await import('./cli/users.ts')).usersCommand,
  token: async () => (await import('./cli/token.ts')).tokenCommand,
  tls: async () => (await import('./cli/tls.ts')).tlsCommand,
  'hash-password': async () => (await import('./cli/hash-password.ts')).hashPasswordCommand,
  import: async () => (await import('./cli/flow-files.ts')).importCommand,
  export: async () => (await import('./cli/flow-files.ts')).exportCommand,
  simulate: async () => (await import('./cli/simulate.ts')).simulateCommand,
  nodes: async () => (await import('./cli/nodes.ts')).nodesCommand,
};

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return `Usage: ${commands.map((c) => c.usage).join('\n       ')}

Every command takes --data-dir DIR (default: PATCHBAY_DATA_DIR, else ~/.patchbay).
  -h, --help          show this help
  -v, --version       show the version`;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(await help()), 0;
  if (argv[0] === '--version' || argv[0] === '-v') return void console.log(PATCHBAY_VERSION), 0;
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? argv[0] : undefined;
  const command = await COMMANDS[named ?? 'start']();
  try {
    return await command.run(named ? argv.slice(1) : argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    report(`${err.message}\n\nUsage: ${command.usage}`);
    return 2;
  }
}

surviveClosedOutput();
main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exit(code); },
  (err: Error & { code?: string }) => {
    report(`${err.message}${err.code ? ` (${err.code})` : ''}`);
    process.exit(1);
  },
);
