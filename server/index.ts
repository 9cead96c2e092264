// createServer(opts): the whole Patchbay process as a closable object, so tests can run
// several in one process (no module-level state).
import { mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings, type Settings } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { Registry } from './runtime/registry.ts';
import { ContextStore } from './runtime/context-store.ts';
import { Runtime } from './runtime/runtime.ts';
import { FlowService } from './api/flows.ts';
import { createApp } from './http/app.ts';
import { NodeEndpoints } from './http/node-endpoints.ts';
import { localUserPolicy, type AuthPolicy } from './http/auth.ts';
import { attachRealtime } from './realtime/socket.ts';
import { credentialKey, readCredentials } from './storage/credentials.ts';
import { startBroker } from './broker/broker.ts';
import { MqttConnectionPool } from './mqtt/connection-pool.ts';
import type { BrokerAccess } from './http/routes/broker.ts';

export interface ServerOptions extends Partial<Settings> {
  /** Environment for settings and `${ENV}` substitution; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  auth?: AuthPolicy;
}

export interface PatchbayServer {
  readonly settings: Settings;
  readonly runtime: Runtime;
  /** Starts everything; resolves with the URLs once they accept connections. */
  listen(): Promise<{ editorUrl: string; mqttUrl?: string }>;
  /** Stops nodes, flushes context, closes sockets. */
  close(): Promise<void>;
}

const CORE_NODES_DIR = fileURLToPath(new URL('../nodes/', import.meta.url));
const EDITOR_DIR = fileURLToPath(new URL('../dist/editor/', import.meta.url));

export async function createServer(opts: ServerOptions = {}): Promise<PatchbayServer> {
  const { env = process.env, log: givenLog, auth = localUserPolicy, ...overrides } = opts;
  const settings = resolveSettings(overrides, env);
  const log = givenLog ?? createLogger({ level: settings.logLevel, pretty: process.stderr.isTTY });
  await mkdir(settings.dataDir, { recursive: true });

  const registry = new Registry();
  await registry.loadPackage(CORE_NODES_DIR);
  await loadInstalledPackages(registry, join(settings.dataDir, 'nodes'), log);

  const contextStore = await ContextStore.open({
    dir: join(settings.dataDir, 'context'),
    defaultStore: settings.contextStore,
    flushIntervalMs: settings.contextFlushMs,
    log,
  });
  const key = await credentialKey(settings.credentialSecret, join(settings.dataDir, 'credential.key'));
  const credentialsFile = join(settings.dataDir, 'credentials.json');
  const credentials = await readCredentials(credentialsFile, key);
  // The broker and the MQTT pool start in listen(); nodes reach the pool only after that.
  const broker: BrokerAccess = { urls: [] };
  let pool: MqttConnectionPool | undefined;
  const endpoints = new NodeEndpoints({ maxBodyBytes: settings.maxBodyBytes, log });
  const runtime = new Runtime({
    registry, contextStore, env,
    log: log.child({ ns: 'runtime' }),
    nodeCloseTimeoutMs: settings.nodeCloseTimeoutMs,
    capabilities: { mqtt: (node) => pool!.capability(node), http: (node) => endpoints.capability(node) },
  });
  const flows = new FlowService(runtime, { flowsFile: settings.flowsFile, credentialsFile, credentialKey: key }, credentials);

  const app = createApp({ registry, runtime, flows, auth, broker, log: log.child({ ns: 'http' }), maxBodyBytes: settings.maxBodyBytes, editorDir: EDITOR_DIR, nodeRoutes: endpoints.middleware });
  const http = createHttpServer(app);
  const realtime = attachRealtime(http, runtime, auth, () => broker.handle);

  return {
    settings,
    runtime,
    async listen() {
      if (settings.broker) {
        broker.handle = await startBroker({
          host: settings.host, tcpPort: settings.mqttPort, dataDir: settings.dataDir,
          users: settings.mqtt.users, anonymous: settings.mqtt.anonymous, tls: settings.mqtt.tls,
          maxQueuedMessages: settings.mqtt.maxQueuedMessages,
          receiveMaximum: settings.mqtt.receiveMaximum, topicAliasMaximum: settings.mqtt.topicAliasMaximum,
          maxKeepalive: settings.mqtt.maxKeepalive, maxPacketSize: settings.mqtt.maxPacketSize,
          log: log.child({ ns: 'broker' }),
        });
        broker.handle.attachWebSocket(http, '/mqtt');
      }
      pool = new MqttConnectionPool({ builtin: broker.handle, brokerUrl: settings.brokerUrl, log });
      await flows.start(log);
      await listenOn(http, settings.port, settings.host);
      const host = urlHost(settings.host);
      const editorUrl = `http://${host}:${(http.address() as AddressInfo).port}`;
      if (!broker.handle) return { editorUrl };
      const { tcp, tls } = broker.handle.ports;
      const mqttUrl = `mqtt://${host}:${tcp}`;
      broker.urls = [mqttUrl, ...(tls ? [`mqtts://${host}:${tls}`] : []), `${editorUrl.replace(/^http/, 'ws')}/mqtt`];
      return { editorUrl, mqttUrl };
    },
    async close() {
      endpoints.close();
      realtime.stop();
      await new Promise<void>((resolve) => realtime.io.close(() => resolve()));
      await runtime.stop();
      await pool?.close();
      await broker.handle?.close();
      await contextStore.close();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Loads each package in <dataDir>/nodes/<name>/ (a package.json with a "patchbay" key). */
async function loadInstalledPackages(registry: Registry, dir: string, log: Logger): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    try {
      await registry.loadPackage(join(dir, entry.name));
    } catch (err) {
      log.error({ package: entry.name }, `node package not loaded: ${(err as Error).message}`);
    }
  }
}

function listenOn(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is in use: choose another with --port (or --port 0 for any free port)`) : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
