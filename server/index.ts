// createServer(opts): the whole Patchbay process as a closable object, so tests can run
// several in one process (no module-level state).
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings, type Settings, type SettingsOverrides } from './config.ts';
import { fail } from './errors.ts';
import { createLogger, type Logger } from './log.ts';
import { Registry } from './runtime/registry.ts';
import { ContextStore } from './runtime/context-store.ts';
import { loadInstalledPackages } from './packages/installed.ts';
import { NodePackages } from './packages/manager.ts';
import { PackageService } from './api/packages.ts';
import { ContextFiles } from './storage/context-files.ts';
import { Runtime } from './runtime/runtime.ts';
import { FlowService } from './api/flows.ts';
import { ServerHealth } from './api/health.ts';
import { createApp } from './http/app.ts';
import type { Express } from 'express';
import { NodeEndpoints } from './http/node-endpoints.ts';
import { Authenticator } from './auth/authenticator.ts';
import { exposureProblem, flowEnvironment } from './auth/exposure.ts';
import { guardUpgrades } from './http/browser-guard.ts';
import { prepareDataDir } from './storage/data-dir.ts';
import { attachRealtime } from './realtime/socket.ts';
import { credentialKey } from './storage/credentials.ts';
import { startBroker, type AccountDirectory } from './broker/broker.ts';
import { MqttConnectionPool } from './mqtt/connection-pool.ts';
import type { BrokerAccess } from './http/routes/broker.ts';
import type { DeviceAccess } from './http/routes/devices.ts';
import { devicesCapability, startDevices } from './devices/index.ts';
import { forwardDeviceEvents } from './realtime/device-feed.ts';
import { confinedFiles } from './files/confined-files.ts';
import { execProcesses } from './files/exec-processes.ts';
import { NodeWebSockets } from './websocket/node-websockets.ts';
import { sharedObjects } from './shared-objects.ts';
import { nodeNet } from './net/node-net.ts';
import { errorMessage } from './api/shared.ts';
import { isLoopbackHost } from './auth/addresses.ts';
import { INSTALL_DIR } from './install-dir.ts';

export interface ServerOptions extends SettingsOverrides {
  /** Environment for settings, PATCHBAY_ADMIN_PASSWORD and `${ENV}` substitution; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
}

export interface ServerUrls {
  editorUrl: string;
  mqttUrl?: string;
  /** A one-time login link, while the admin has no password yet (a first start). */
  loginUrl?: string;
}

export interface PatchbayServer {
  readonly settings: Settings;
  readonly runtime: Runtime;
  /** The HTTP app (every route, as registered: the route audit test walks it). */
  readonly app: Express;
  /** Starts everything; resolves with the URLs once they accept connections and the stored flows run. */
  listen(): Promise<ServerUrls>;
  /**
   * The editor's URL as soon as HTTP accepts connections during listen(), which is before the
   * stored flows run: GET /api/health/ready answers 503 until they do.
   */
  readonly listening: Promise<string>;
  /** Stops nodes, flushes context, closes sockets. */
  close(): Promise<void>;
}

export const CORE_NODES_DIR = fileURLToPath(new URL('../nodes/', import.meta.url));
const EDITOR_DIR = join(INSTALL_DIR, 'dist', 'editor');

export async function createServer(opts: ServerOptions = {}): Promise<PatchbayServer> {
  const { env = process.env, log: givenLog, ...overrides } = opts;
  const settings = resolveSettings(overrides, env);
  const log = givenLog ?? createLogger({ level: settings.logLevel, pretty: process.stderr.isTTY });
  await prepareDataDir(settings.dataDir, log);
  const sessionLifetimeMs = settings.sessionHours * 3600_000;
  const auth = await Authenticator.open({
    enabled: settings.auth,
    usersFile: join(settings.dataDir, 'users.json'),
    sessionsFile: join(settings.dataDir, 'sessions.json'),
    settingsUsers: settings.users,
    adminPassword: env.PATCHBAY_ADMIN_PASSWORD || undefined,
    sessionLifetimeMs,
    log: log.child({ ns: 'auth' }),
  });
  const exposure = exposureProblem(settings, auth.hasPasswordUsers);
  if (exposure) throw fail('AUTH_SETTINGS_INSECURE', exposure);

  const registry = new Registry();
  await registry.loadPackage(CORE_NODES_DIR);
  await loadInstalledPackages(registry, settings.dataDir, log);

  const contextStore = await ContextStore.open({
    persistence: new ContextFiles(join(settings.dataDir, 'context'), log),
    defaultStore: settings.contextStore,
    flushIntervalMs: settings.contextFlushMs,
    log,
  });
  const key = await credentialKey(settings.credentialSecret, join(settings.dataDir, 'credential.key'));
  const credentialsFile = join(settings.dataDir, 'credentials.json');
  // The broker and the MQTT pool start in listen(); nodes reach the pool only after that.
  const broker: BrokerAccess = { urls: [] };
  let pool: MqttConnectionPool | undefined;
  const devices: DeviceAccess = {};
  let stopDeviceFeed: (() => void) | undefined;
  const endpoints = new NodeEndpoints({ maxBodyBytes: settings.maxBodyBytes, maxPendingRequests: settings.http.maxPendingRequests, log });
  const files = confinedFiles(settings.filesDir);
  const exec = execProcesses(settings.execEnabled);
  const shared = sharedObjects();
  const websockets = new NodeWebSockets();
  const runtime = new Runtime({
    registry, contextStore, env: flowEnvironment(env),
    log: log.child({ ns: 'runtime' }),
    nodeCloseTimeoutMs: settings.nodeCloseTimeoutMs,
    capabilities: {
      mqtt: (node) => pool!.capability(node),
      http: (node) => endpoints.capability(node),
      devices: (node) => devicesCapability(() => devices.registry, node.signal),
      files: () => files, exec: () => exec, shared: () => shared, websocket: (node) => websockets.capability(node),
      net: (node) => nodeNet(node),
    },
  });
  const flows = new FlowService(runtime, { flowsFile: settings.flowsFile, credentialsFile, credentialKey: key }, log);
  const health = new ServerHealth({ runtime, flows, contextStore, broker: () => broker.handle, brokerEnabled: settings.broker, dataDir: settings.dataDir });
  // Editors hear of package changes through socket.io, attached below.
  let realtime: ReturnType<typeof attachRealtime> | undefined;
  const packages = new PackageService(new NodePackages(settings.dataDir, registry), {
    runtime, flows, log: log.child({ ns: 'packages' }),
    events: {
      changed: (names) => realtime?.outbox.broadcast('nodes:changed', { packages: names }),
      progress: (install, line) => realtime?.outbox.broadcast('packages:progress', { install, line }),
    },
  });
  let httpListening: (editorUrl: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => { httpListening = resolve; });

  const browser = { allowedHosts: settings.http.allowedHosts, allowedOrigins: settings.http.allowedOrigins };
  const app = createApp({
    registry, runtime, flows, auth, broker, browser, sessionLifetimeMs, log: log.child({ ns: 'http' }),
    maxBodyBytes: settings.maxBodyBytes, editorDir: EDITOR_DIR, nodeRoutes: endpoints.middleware, health, devices, packages,
  });
  const tls = settings.http.tls;
  const http: HttpServer = tls
    ? createHttpsServer({ cert: await readTlsFile(tls.cert, 'certificate'), key: await readTlsFile(tls.key, 'key') }, app)
    : createHttpServer(app);
  guardUpgrades(http, browser);
  websockets.attach(http);
  realtime = attachRealtime(http, { runtime, auth, browser, topics: () => broker.handle, log: log.child({ ns: 'realtime' }) });
  // the accounts file holds the broker's accounts too, also with the editor's login off
  if (settings.auth || settings.broker) auth.watch();
  const stopPackageWatch = packages.watch(settings.dataDir);

  return {
    settings,
    runtime,
    app,
    listening,
    async listen() {
      if (settings.broker) {
        broker.handle = await startBroker({
          host: settings.host, tcpPort: settings.mqttPort, dataDir: settings.dataDir,
          users: settings.mqtt.users, anonymous: settings.mqtt.anonymous, tls: settings.mqtt.tls,
          maxQueuedMessages: settings.mqtt.maxQueuedMessages,
          receiveMaximum: settings.mqtt.receiveMaximum, topicAliasMaximum: settings.mqtt.topicAliasMaximum,
          maxKeepalive: settings.mqtt.maxKeepalive, maxPacketSize: settings.mqtt.maxPacketSize,
          maxSubscriptionsPerPacket: settings.mqtt.maxSubscriptionsPerPacket, maxSubscriptionsPerClient: settings.mqtt.maxSubscriptionsPerClient,
          maxBytesBeforeConnack: settings.mqtt.maxBytesBeforeConnack, maxClientBuffer: settings.mqtt.maxClientBuffer,
          stalledClientTimeout: settings.mqtt.stalledClientTimeout,
          allowAnonymousWebSocket: settings.mqtt.allowAnonymousWebSocket, accounts: brokerAccounts(auth),
          maxPublishRate: settings.mqtt.maxPublishRate, publishBurst: settings.mqtt.publishBurst,
          log: log.child({ ns: 'broker' }),
        });
        broker.handle.attachWebSocket(http, '/mqtt');
      }
      pool = new MqttConnectionPool({ builtin: broker.handle, brokerUrl: settings.brokerUrl, log });
      devices.registry = await startDevices({ builtin: broker.handle, brokerUrl: settings.brokerUrl, dataDir: settings.dataDir, log });
      stopDeviceFeed = forwardDeviceEvents(realtime.outbox, devices.registry);
      // HTTP first, so health checks see the start (ready: false); the rest of the API waits for the flows.
      await listenOn(http, settings.port, settings.host);
      if (!isLoopbackHost(settings.host) && !tls) {
        log.warn({ host: settings.host }, 'passwords and session cookies travel unencrypted on this network: set http.tls (see `patchbay tls self-signed`) or put Patchbay behind a TLS reverse proxy');
      }
      const host = urlHost(settings.host);
      const editorUrl = `${tls ? 'https' : 'http'}://${host}:${(http.address() as AddressInfo).port}`;
      httpListening(editorUrl);
      await flows.start();
      health.moveTo('running');
      const link = auth.loginLink();
      const loginUrl = link && `${editorUrl}/?token=${link}`;
      if (!broker.handle) return { editorUrl, loginUrl };
      const { tcp, tls: mqtts } = broker.handle.ports;
      const mqttUrl = `mqtt://${host}:${tcp}`;
      broker.urls = [mqttUrl, ...(mqtts ? [`mqtts://${host}:${mqtts}`] : []), `${editorUrl.replace(/^http/, 'ws')}/mqtt`];
      return { editorUrl, mqttUrl, loginUrl };
    },
    async close() {
      health.moveTo('stopping');
      stopPackageWatch();
      endpoints.close();
      // Before socket.io closes the HTTP server, which waits for every open connection.
      websockets.close();
      realtime.stop();
      await new Promise<void>((resolve) => realtime.io.close(() => resolve()));
      await flows.close();
      await runtime.stop();
      stopDeviceFeed?.();
      await devices.registry?.close();
      await pool?.close();
      await broker.handle?.close();
      await contextStore.close();
      await auth.close();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Patchbay's accounts as the broker reads them: looked up at each CONNECT, followed as they change. */
function brokerAccounts(auth: Authenticator): AccountDirectory {
  return {
    find: (username) => auth.findAccount(username),
    onChange(listener) {
      auth.events.on('changed', listener);
      return () => auth.events.off('changed', listener);
    },
  };
}

function listenOn(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? fail('HTTP_PORT_IN_USE', port, host) : err);
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

async function readTlsFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw fail('SETTINGS_INVALID', `http.tls.${what === 'key' ? 'key' : 'cert'}`, `cannot read the TLS ${what} ${path}: ${errorMessage(err)}`);
  }
}
