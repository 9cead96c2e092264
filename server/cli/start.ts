// `patchbay [start]`: runs the server until SIGINT or SIGTERM. Prints the URLs (one per line,
// `editor: ...`, `mqtt: ...`, and `login: ...` on a first start) for people and scripts.
import { resolve } from 'node:path';
import { convert, type Settings } from '../config.ts';
import { createServer } from '../index.ts';
import { parseCommand, UsageError, type CliCommand } from './command.ts';
import { exitAfter, report } from './console.ts';

const USAGE = `patchbay [start] [options]

Options (each also settable by environment variable or <data-dir>/settings.json):
  --port N            editor and API port (PATCHBAY_PORT, default 1880; 0 = any free port)
  --host ADDR         interface to bind (PATCHBAY_HOST, default 127.0.0.1)
  --mqtt-port N       built-in MQTT broker port (PATCHBAY_MQTT_PORT, default 1883; 0 = any free port)
  --data-dir DIR      flows, credentials, accounts, context, broker data (PATCHBAY_DATA_DIR, default ~/.patchbay)
  --flows FILE        flow file (PATCHBAY_FLOWS, default <data-dir>/flows.json)
  --no-broker         don't run the built-in broker (PATCHBAY_BROKER=false)
  --broker-url URL    external broker for MQTT nodes, e.g. mqtt://host:1883 (PATCHBAY_BROKER_URL)
  --insecure          allow a non-loopback --host without accounts or TLS (PATCHBAY_INSECURE)
  --log-level LEVEL   fatal, error, warn, info, debug, trace or silent (PATCHBAY_LOG_LEVEL)
Environment: PATCHBAY_ADMIN_PASSWORD sets the password of user admin while it has none.`;

const FLAGS: Record<string, keyof Settings> = {
  port: 'port', host: 'host', 'mqtt-port': 'mqttPort', 'data-dir': 'dataDir', flows: 'flowsFile',
  'broker-url': 'brokerUrl', 'log-level': 'logLevel',
};

/** Beyond the nodes' close deadline, shutdown gives up and exits: a stuck close can't hang a service stop. */
const SHUTDOWN_GRACE_MS = 5000;

export const startCommand: CliCommand = {
  name: 'start',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      'no-broker': { type: 'boolean' },
      insecure: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected "${positionals.join(' ')}"`);
    const overrides: Partial<Record<keyof Settings, unknown>> = {};
    for (const [flag, key] of Object.entries(FLAGS)) {
      const raw = (values as Record<string, unknown>)[flag];
      if (typeof raw !== 'string') continue;
      // --flows is relative to the current directory, like --data-dir and any other command's
      // paths (a relative flowsFile from settings.json or the environment is relative to the data dir).
      overrides[key] = key === 'flowsFile' ? resolve(raw) : convert(key, raw);
    }
    if (values['no-broker']) overrides.broker = false;
    if (values.insecure) overrides.insecure = true;

    // A promise some node rejected and nobody awaited, or a node's timer or event handler that
    // threw, must not take every flow down with it: it is reported, and the rest keeps running.
    process.on('unhandledRejection', (reason) => report(`unhandled rejection (a node did not handle an error): ${describeThrown(reason)}`));
    process.on('uncaughtException', (err) => report(`uncaught exception (a node's timer or event handler threw): ${describeThrown(err)}`));
    const server = await createServer(overrides as Partial<Settings>);
    const urls = await server.listen();

    let stopping = false;
    const stop = async (signal: string) => {
      // A second signal means "now": the user already waited for one shutdown.
      if (stopping) return process.exit(130);
      stopping = true;
      report(`${signal}: stopping`);
      exitAfter(server.settings.nodeCloseTimeoutMs + SHUTDOWN_GRACE_MS, `shutdown took longer than ${server.settings.nodeCloseTimeoutMs + SHUTDOWN_GRACE_MS} ms; exiting anyway`);
      try {
        await server.close();
        process.exit(0);
      } catch (err) {
        report(`shutdown failed: ${describeThrown(err)}`);
        process.exit(1);
      }
    };
    // Before the URLs go out: whoever reads them may signal at once, and a signal that comes
    // before its handler kills the process without closing anything.
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    console.log(`editor: ${urls.editorUrl}`);
    if (urls.mqttUrl) console.log(`mqtt: ${urls.mqttUrl}`);
    if (urls.loginUrl) console.log(`login: ${urls.loginUrl}   (one-time link: log in as admin and set a password)`);
    return -1; // keep running
  },
};

function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? thrown.stack ?? thrown.message : String(thrown);
}
