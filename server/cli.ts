// The `patchbay` command. The only place that writes to the console directly.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from './index.ts';
import { convert, type Settings } from './config.ts';
import { PATCHBAY_VERSION } from './version.ts';
import { hashPassword } from './broker/broker.ts';
import { FLOW_FILE_HELP, runFlowFileCommand } from './cli-flow-files.ts';

const HELP = `Usage: patchbay [start] [options]
       patchbay hash-password     reads a password on stdin, prints the hash for settings.json "mqtt.users"
${FLOW_FILE_HELP}

Options (each also settable by environment variable or <data-dir>/settings.json):
  --port N            editor and API port (PATCHBAY_PORT, default 1880; 0 = any free port)
  --host ADDR         interface to bind (PATCHBAY_HOST, default 127.0.0.1)
  --mqtt-port N       built-in MQTT broker port (PATCHBAY_MQTT_PORT, default 1883; 0 = any free port)
  --data-dir DIR      flows, credentials, context, broker data (PATCHBAY_DATA_DIR, default ~/.patchbay)
  --flows FILE        flow file (PATCHBAY_FLOWS, default <data-dir>/flows.json)
  --no-broker         don't run the built-in broker (PATCHBAY_BROKER=false)
  --broker-url URL    external broker for MQTT nodes, e.g. mqtt://host:1883 (PATCHBAY_BROKER_URL)
  --log-level LEVEL   fatal, error, warn, info, debug, trace or silent (PATCHBAY_LOG_LEVEL)
  -h, --help          show this help
  -v, --version       show the version
`;

const FLAGS: Record<string, keyof Settings> = {
  port: 'port', host: 'host', 'mqtt-port': 'mqttPort', 'data-dir': 'dataDir', flows: 'flowsFile',
  'broker-url': 'brokerUrl', 'log-level': 'logLevel',
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import' || argv[0] === 'export') return runFlowFileCommand(argv, { out: (text) => console.log(text), err: (text) => console.error(text) });
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      'no-broker': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return void console.log(HELP), 0;
  if (values.version) return void console.log(PATCHBAY_VERSION), 0;
  const command = positionals[0] ?? 'start';
  if (command === 'hash-password' && positionals.length === 1) return hashPasswordFromStdin();
  if (command !== 'start' || positionals.length > 1) {
    console.error(`Unknown command "${positionals.join(' ')}"\n\n${HELP}`);
    return 2;
  }
  const overrides: Partial<Record<keyof Settings, unknown>> = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw !== 'string') continue;
    // --flows is relative to the current directory, like --data-dir and any other command's
    // paths (a relative flowsFile from settings.json or the environment is relative to the data dir).
    overrides[key] = key === 'flowsFile' ? resolve(raw) : convert(key, raw);
  }
  if (values['no-broker']) overrides.broker = false;

  // A promise some node rejected and nobody awaited, or a node's timer or event handler that
  // threw, must not take every flow down with it: it is reported, and the rest keeps running.
  process.on('unhandledRejection', (reason) => {
    console.error(`patchbay: unhandled rejection (a node did not handle an error): ${describeThrown(reason)}`);
  });
  process.on('uncaughtException', (err) => {
    console.error(`patchbay: uncaught exception (a node's timer or event handler threw): ${describeThrown(err)}`);
  });
  const server = await createServer(overrides as Partial<Settings>);
  const urls = await server.listen();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping`);
    try {
      await server.close();
      process.exit(0);
    } catch (err) {
      console.error(`patchbay: shutdown failed: ${describeThrown(err)}`);
      process.exit(1);
    }
  };
  // Before the URLs go out: whoever reads them may signal at once, and a signal that comes
  // before its handler kills the process without closing anything.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  console.log(`editor: ${urls.editorUrl}`);
  if (urls.mqttUrl) console.log(`mqtt: ${urls.mqttUrl}`);
  return -1; // keep running
}

async function hashPasswordFromStdin(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) {
    console.error('patchbay: no password on stdin (try: echo -n "secret" | patchbay hash-password)');
    return 2;
  }
  console.log(await hashPassword(password));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exit(code); },
  (err: Error & { code?: string }) => {
    console.error(`patchbay: ${err.message}`);
    process.exit(1);
  },
);

function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? thrown.stack ?? thrown.message : String(thrown);
}
