// Settings: one defaults object, then <dataDir>/settings.json, then PATCHBAY_* environment
// variables, then command-line flags (later wins). Validated once, here.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { fail } from './errors.ts';
import { isPlainObject } from './plain-object.ts';
import { errorMessage } from './api/shared.ts';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });

export const SettingsSchema = Type.Object({
  /** HTTP port of the editor and API; 0 picks a free one. */
  port: Port,
  /** Interface to bind; loopback unless you mean to expose Patchbay. */
  host: Type.String({ minLength: 1 }),
  /** TCP port of the built-in MQTT broker; 0 picks a free one. */
  mqttPort: Port,
  dataDir: Type.String({ minLength: 1 }),
  /** The flow file; defaults to <dataDir>/flows.json. */
  flowsFile: Type.String({ minLength: 1 }),
  /** Run the built-in broker. */
  broker: Type.Boolean(),
  /** External broker used by MQTT nodes when the built-in one is off (mqtt://, mqtts://, ws://, wss://). */
  brokerUrl: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?)://' })),
  /** Secret the credentials key is derived from; without it a key is generated into the data dir. */
  credentialSecret: Type.Optional(Type.String({ minLength: 1 })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  /** How long a node may take to close on redeploy or shutdown (ms). */
  nodeCloseTimeoutMs: Type.Integer({ minimum: 0 }),
  /** Context store used when a node names none. */
  contextStore: Type.Union([Type.Literal('memory'), Type.Literal('file')]),
  /** How often the file context store writes changes (ms). */
  contextFlushMs: Type.Integer({ minimum: 100 }),
  /** The directory file, file in and watch nodes work in; defaults to <dataDir>/files. */
  filesDir: Type.String({ minLength: 1 }),
  /** Let exec nodes run commands (off: they report EXEC_DISABLED). */
  execEnabled: Type.Boolean(),
  /** Largest accepted request body (bytes). */
  maxBodyBytes: Type.Integer({ minimum: 1024 }),
  /** Login for the editor, REST and socket.io. false is allowed on a loopback host only. */
  auth: Type.Boolean(),
  /** Accounts besides <dataDir>/users.json (read-only here; hashes from `patchbay hash-password`). */
  users: Type.Array(Type.Object({
    username: Type.String({ minLength: 1 }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('viewer'), Type.Literal('mqtt')]),
    password: Type.String({ pattern: '^scrypt\\$' }),
  })),
  /** How long a login lasts (hours). */
  sessionHours: Type.Integer({ minimum: 1 }),
  /** Start on a non-loopback host without login accounts or TLS anyway (--insecure). */
  insecure: Type.Boolean(),
  /** The editor's HTTP server: extra host names and origins to accept, and HTTPS. */
  http: Type.Object({
    /** Names besides this machine's own (and any IP address) that the server answers to. */
    allowedHosts: Type.Array(Type.String({ minLength: 1 })),
    /** Origins besides the server's own whose pages may use the API and sockets. */
    allowedOrigins: Type.Array(Type.String({ pattern: '^https?://' })),
    /** HTTPS (and WSS for /mqtt) with these PEM files; `patchbay tls self-signed` makes a pair. */
    tls: Type.Optional(Type.Object({ cert: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) })),
    /** Requests to flow endpoints (http in) in progress at once; more are refused with 503 (each may hold a body of maxBodyBytes). */
    maxPendingRequests: Type.Integer({ minimum: 1 }),
  }),
  /** The built-in broker's access control and TLS listener. */
  mqtt: Type.Object({
    /** Clients without a username: from loopback only (like Mosquitto 2), from anywhere, or never. */
    anonymous: Type.Union([Type.Literal('loopback'), Type.Literal('all'), Type.Literal('none')]),
    users: Type.Array(Type.Object({
      username: Type.String({ minLength: 1 }),
      /** An scrypt hash from `patchbay hash-password`, never the password itself. */
      password: Type.String({ pattern: '^scrypt\\$' }),
      acl: Type.Optional(Type.Object({
        publish: Type.Optional(Type.Array(Type.String())),
        subscribe: Type.Optional(Type.Array(Type.String())),
      })),
    })),
    /** mqtts listener: port (0 = any free one) and PEM file paths. */
    tls: Type.Optional(Type.Object({ port: Port, cert: Type.String(), key: Type.String() })),
    /** QoS 1/2 messages kept per persistent session at most (Mosquitto's max_queued_messages); 0 = no limit. */
    maxQueuedMessages: Type.Integer({ minimum: 0 }),
    /** MQTT 5 limits of the built-in broker (defaults in server/broker/options.ts). */
    receiveMaximum: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535 })),
    topicAliasMaximum: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
    maxKeepalive: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
    maxPacketSize: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Filters per SUBSCRIBE and subscriptions per client; past them filters are refused (0 = no cap). */
    maxSubscriptionsPerPacket: Type.Optional(Type.Integer({ minimum: 0 })),
    maxSubscriptionsPerClient: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The broker under load and faults (server/broker/README.md): bytes before CONNACK, per-client outgoing buffer, stall timeout. */
    maxBytesBeforeConnack: Type.Optional(Type.Integer({ minimum: 128 })),
    maxClientBuffer: Type.Optional(Type.Integer({ minimum: 1024 })),
    stalledClientTimeout: Type.Optional(Type.Integer({ minimum: 100 })),
    /** Let anonymous clients use MQTT over WebSocket from web pages (an Origin header); off by default. */
    allowAnonymousWebSocket: Type.Optional(Type.Boolean()),
    /** Per-client publish rate limit, publishes a second (0 = none), and the burst it allows (0 = 10 s worth). */
    maxPublishRate: Type.Optional(Type.Number({ minimum: 0 })),
    publishBurst: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  }),
});

export type Settings = Static<typeof SettingsSchema>;
const checkSettings = TypeCompiler.Compile(SettingsSchema);

function defaultDataDir(): string {
  return join(homedir(), '.patchbay');
}

const DEFAULTS: Omit<Settings, 'dataDir' | 'flowsFile' | 'filesDir'> = {
  execEnabled: false,
  port: 1880,
  host: '127.0.0.1',
  mqttPort: 1883,
  broker: true,
  logLevel: 'info',
  nodeCloseTimeoutMs: 15_000,
  contextStore: 'memory',
  contextFlushMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  auth: true,
  users: [],
  sessionHours: 7 * 24,
  insecure: false,
  http: { allowedHosts: [], allowedOrigins: [], maxPendingRequests: 1000 },
  mqtt: { anonymous: 'loopback', users: [], maxQueuedMessages: 1000 },
};

/** Environment variable for each setting that has one. */
const ENV_NAMES: Partial<Record<keyof Settings, string>> = {
  port: 'PATCHBAY_PORT',
  host: 'PATCHBAY_HOST',
  mqttPort: 'PATCHBAY_MQTT_PORT',
  dataDir: 'PATCHBAY_DATA_DIR',
  flowsFile: 'PATCHBAY_FLOWS',
  filesDir: 'PATCHBAY_FILES_DIR',
  execEnabled: 'PATCHBAY_EXEC_ENABLED',
  broker: 'PATCHBAY_BROKER',
  brokerUrl: 'PATCHBAY_BROKER_URL',
  credentialSecret: 'PATCHBAY_CREDENTIAL_SECRET',
  logLevel: 'PATCHBAY_LOG_LEVEL',
  auth: 'PATCHBAY_AUTH',
  insecure: 'PATCHBAY_INSECURE',
};

/**
 * Resolves the settings for one process. `overrides` are flags (or a test's options);
 * strings from the environment are converted to the setting's type.
 */
/** Settings given by flags or by a program (a test): any of them, and any part of `mqtt` and `http`. */
export type SettingsOverrides = Partial<Omit<Settings, 'mqtt' | 'http'>> & {
  mqtt?: Partial<Settings['mqtt']>;
  http?: Partial<Settings['http']>;
};

export function resolveSettings(overrides: SettingsOverrides, env: NodeJS.ProcessEnv = process.env): Settings {
  const fromEnv = readEnv(env);
  const dataDir = resolve(overrides.dataDir ?? (fromEnv.dataDir as string | undefined) ?? defaultDataDir());
  const fromFile = readSettingsFile(join(dataDir, 'settings.json'));
  const merged = { ...DEFAULTS, ...fromFile, ...fromEnv, ...stripUndefined(overrides), dataDir } as Record<string, unknown>;
  // `mqtt` and `http` merge one level deeper, so settings.json (or a program) can give just
  // `mqtt.users` (as the README shows). Anything but an object in settings.json is left as it is
  // for the schema check to name.
  for (const key of ['mqtt', 'http'] as const) {
    const file = fromFile[key];
    if (isPlainObject(file) || (file === undefined && overrides[key])) merged[key] = { ...DEFAULTS[key], ...(isPlainObject(file) ? file : {}), ...overrides[key] };
  }
  merged.flowsFile = resolve(dataDir, (merged.flowsFile as string | undefined) ?? 'flows.json');
  merged.filesDir = resolve(dataDir, (merged.filesDir as string | undefined) ?? 'files');
  // An external broker URL turns the built-in broker off unless some source sets `broker` itself.
  if (merged.brokerUrl !== undefined && [overrides.broker, fromEnv.broker, fromFile.broker].every((v) => v === undefined)) merged.broker = false;
  if (!checkSettings.Check(merged)) {
    const first = checkSettings.Errors(merged).First()!;
    throw fail('SETTINGS_INVALID', first.path.slice(1), `${expectation(first.schema) ?? first.message} (got ${JSON.stringify(first.value)})`);
  }
  return merged;
}

function readEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as Array<[keyof Settings, string]>) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    out[key] = convert(key, raw);
  }
  return out;
}

/** Converts a string to the type the schema wants, so "0" becomes 0 and "false" false. */
export function convert(key: keyof Settings, raw: string): unknown {
  const schema = SettingsSchema.properties[key] as { type?: string };
  if (schema.type === 'integer' || schema.type === 'number') return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
  if (schema.type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

function readSettingsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw fail('SETTINGS_INVALID', path, errorMessage(err));
  }
  if (!isPlainObject(parsed)) throw fail('SETTINGS_INVALID', path, `expected a JSON object of settings, got ${JSON.stringify(parsed)}`);
  return parsed;
}

/** "Expected one of ..." for a choice of fixed values, which TypeBox reports only as "Expected union value". */
function expectation(schema: TSchema): string | undefined {
  const choices = (schema.anyOf as Array<{ const?: unknown }> | undefined)?.map((option) => option.const);
  if (!choices?.length || choices.some((choice) => choice === undefined)) return undefined;
  return `Expected one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
