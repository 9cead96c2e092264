// The `patchbay` command: picks the subcommand (`start` when none is named) and runs it.
import { PATCHBAY_VERSION } from './version.ts';
import { UsageError, type CliCommand } from './cli/command.ts';
import { report, surviveClosedOutput } from './cli/console.ts';
import { hashPasswordCommand } from './cli/hash-password.ts';
import { simulateCommand } from './cli/simulate.ts';
import { startCommand } from './cli/start.ts';
import { tlsCommand } from './cli/tls.ts';
import { tokenCommand } from './cli/token.ts';
import { usersCommand } from './cli/users.ts';
import { exportCommand, importCommand } from './cli/flow-files.ts';
import { nodesCommand } from './cli/nodes.ts';

const COMMANDS: CliCommand[] = [
  startCommand, usersCommand, tokenCommand, tlsCommand, hashPasswordCommand, importCommand, exportCommand, simulateCommand, nodesCommand,
];

const HELP = `Usage: ${COMMANDS.map((c) => c.usage).join('\n       ')}

Every command takes --data-dir DIR (default: PATCHBAY_DATA_DIR, else ~/.patchbay).
  -h, --help          show this help
  -v, --version       show the version`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(HELP), 0;
  if (argv[0] === '--version' || argv[0] === '-v') return void console.log(PATCHBAY_VERSION), 0;
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const command = named ?? startCommand;
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
