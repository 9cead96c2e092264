// The editor ↔ server contract: REST payloads and the socket.io event maps.
// Types only: both sides `import type` from here, and the server still validates every input.
import type { NodeStatus, NodeTypeInfo } from '../node-api/types.ts';
import type { BrokerStats } from '../broker/stats.ts';
import type { DeviceEntity, DeviceInfo, DeviceProperty, DeviceSource, DeviceStateChange, EntityKind, PropertyType } from '../node-api/devices.ts';
// The values live in the browser-safe ./shared.ts; both sides check them.
import type { FLOW_FORMAT, FLOW_FORMAT_VERSION, NodePackageNeed } from './shared.ts';
import type { ImportReport, NodeReport } from '../import/node-red/types.ts';

export type { BrokerStats, ImportReport, NodeReport, NodeStatus, NodeTypeInfo, NodePackageNeed };
export type { DeviceEntity, DeviceInfo, DeviceProperty, DeviceSource, DeviceStateChange, EntityKind, PropertyType };

// ---- The flow document (the shared file) ----------------------------------------


export interface FlowTab {
  id: string;
  label: string;
  disabled?: boolean;
  info?: string;
}

export interface FlowNode {
  id: string;
  type: string;
  /** Version of the node type's config shape this node was saved with. */
  version?: number;
  /** The tab; absent for config nodes. */
  flow?: string;
  name?: string;
  x?: number;
  y?: number;
  disabled?: boolean;
  config: Record<string, unknown>;
  /** Which credential keys are set; the values live in the encrypted store. */
  credentials?: string[];
  /**
   * Credential keys the node had where it was exported (its file listed them in `credentials`)
   * but that are not set here: the editor shows "credentials missing" until they are entered.
   */
  credentialsMissing?: string[];
  /** One list of target node ids per output; absent for config nodes. */
  wires?: string[][];
}

export interface FlowDocument {
  format: typeof FLOW_FORMAT;
  version: typeof FLOW_FORMAT_VERSION;
  flows: FlowTab[];
  nodes: FlowNode[];
  /** In an exported file: the node packages its nodes need (core nodes are not listed). */
  packages?: NodePackageNeed[];
}


// ---- REST -------------------------------------------------------------------------

/**
 * `GET /api/health`: cheap enough to poll. `status` is "ok" whenever the server answers
 * (liveness); `ready` says whether it serves its flows (readiness, also `GET /api/health/ready`).
 */
export interface HealthResponse {
  status: 'ok';
  version: string;
  /** Seconds since the process started. */
  uptime: number;
  /** True once the stored flows were started (or found unusable and reported); false while starting and stopping. */
  ready: boolean;
  broker: {
    /** "off": turned off by settings (--no-broker, a brokerUrl). */
    state: 'running' | 'off' | 'stopped';
    /** Network clients connected now (absent when off). */
    clients?: number;
  };
  runtime: {
    state: 'starting' | 'running' | 'stopping';
    /**
     * What runs since the start: the stored flow file, its backup (the file could not be
     * started), the starter flow (a new data dir), or nothing (neither could be started).
     */
    loaded?: 'flows-file' | 'backup' | 'starter' | 'none';
    /** The revision of the running flows. */
    rev: string;
    flows: { running: number; disabled: number };
    /** `missing`: ids of nodes whose type is not installed (kept, not run); `failed`: ids of nodes that should run but don't (a refused deploy could not start them again). */
    nodes: { running: number; disabled: number; missing: string[]; failed: string[] };
  };
  storage: {
    /** The data dir (flows, credentials, context) can be written to. */
    dataDirWritable: boolean;
    /** The save of the last deploy (flow file and credentials); absent before the first deploy. */
    lastSave?: { ok: boolean; time: number; error?: string };
    /** Scopes of the file context store that could not be written at their last try. */
    contextUnsaved: number;
  };
  /** What is wrong, in words, one entry each; empty when all is well. */
  problems: string[];
}

/** `GET /api/nodes` */
export type NodeCatalogue = NodeTypeInfo[];

/** `GET /api/flows` (the `ETag` header carries `rev` too). */
export interface FlowsResponse extends FlowDocument {
  rev: string;
}

/**
 * `PUT /api/flows` body: a flow document, plus credentials to set, keyed by node id.
 * A key whose value is `null` is cleared; keys not given are kept.
 */
export interface DeployRequest extends FlowDocument {
  credentials?: Record<string, Record<string, string | null>>;
}

/**
 * `POST /api/flows/import?from=node-red` (body: the Node-RED flow file): the converted
 * document and what happened to each entry. Nothing is deployed. Credentials the file held
 * come back apart, to be sent with the deploy (they are never part of a document).
 */
export interface ImportResponse {
  document: FlowDocument;
  report: ImportReport;
  credentials?: Record<string, Record<string, string>>;
}

/** `PUT /api/flows` success. */
export interface DeployResponse {
  rev: string;
  /** Node types the document uses that are not installed, with their nodes (kept, not running). */
  missingTypes?: Record<string, string[]>;
}

/** One problem in a rejected flow document. `path` is a JSON pointer inside the node. */
export interface FlowError {
  node: string | null;
  path: string;
  message: string;
}

/** `POST /api/auth/login` `{ username, password }`: the token also comes as the session cookie. */
export interface LoginResponse {
  token: string;
  user: string;
  role: 'admin' | 'viewer';
}

/** `GET /api/auth/me` */
export interface MeResponse {
  user: string;
  role: 'admin' | 'viewer';
  /** false when settings turned login off (loopback only). */
  authEnabled: boolean;
  /** false for an admin who logged in with the start-up link and should set a password. */
  passwordSet: boolean;
}

/** `GET /api/auth/tokens`: script tokens; the secrets are shown once, at creation. */
export interface TokenInfo {
  id: string;
  name: string;
  user: string;
  created: string;
}

/** `POST /api/auth/tokens` `{ name }` */
export interface TokenCreated {
  id: string;
  token: string;
}

/**
 * Every error response. `code` is stable (see server/errors.ts); `details` depends on it. A
 * refused deploy whose undo went wrong (the previous flows could not all start again) has
 * `details.incidents`, each with its own code (FLOWS_ROLLBACK_FAILED).
 */
export interface ErrorResponse {
  error: string;
  code: string;
  details?: unknown;
  /** Present on FLOWS_INVALID (400). */
  errors?: FlowError[];
}

// ---- socket.io, namespace /editor ----------------------------------------------------

/**
 * A value JSON cannot carry, encoded so the editor can show it faithfully.
 * Buffers are cut to their first 1000 bytes (`length` says how many there were).
 */
export type EncodedSpecial =
  | { __pb: 'undefined' }
  | { __pb: 'number'; value: 'NaN' | 'Infinity' | '-Infinity' }
  | { __pb: 'bigint'; value: string }
  | { __pb: 'date'; value: string }
  | { __pb: 'buffer'; hex: string; length: number }
  | { __pb: 'function'; name: string }
  | { __pb: 'error'; name: string; message: string }
  | { __pb: 'circular' }
  /** A string cut to its first DEBUG_MAX_LENGTH characters; `length` is the whole string's. */
  | { __pb: 'string'; head: string; length: number }
  /** The last item of an array cut to its first DEBUG_MAX_LENGTH items; `length` is the whole array's. */
  | { __pb: 'truncated'; length: number }
  /** A RegExp, as its source: `/a+/gi`. */
  | { __pb: 'regexp'; value: string }
  /** A Map, its entries' keys and values encoded. */
  | { __pb: 'map'; entries: Array<[unknown, unknown]>; size: number }
  /** A Set, its values encoded. */
  | { __pb: 'set'; values: unknown[]; size: number }
  /** A typed array other than a Buffer/Uint8Array (e.g. Float32Array), its numbers. */
  | { __pb: 'typedarray'; kind: string; values: unknown[]; length: number };

export interface DebugEvent {
  node: string;
  flow: string;
  name: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** The message property shown; "" when `value` is the whole message. */
  property: string;
  /** JSON with EncodedSpecial objects standing in for what JSON cannot carry. */
  value: unknown;
  /** The message's topic, when it has a string one. */
  topic?: string;
}

/** An empty object (apart from `node`) clears the status. */
export interface StatusEvent extends NodeStatus {
  node: string;
}

export interface DeployedEvent {
  rev: string;
}

export interface LogEvent {
  level: 'warn' | 'error';
  node?: string;
  /** What failed, for errors (`JSON_PARSE_FAILED`, `MQTT_...`); the node's help lists its codes. */
  code?: string;
  message: string;
  time: number;
}

/** One message seen by the topic explorer. */
export interface BrokerMessageEvent {
  topic: string;
  /** UTF-8 text, or base64 when the payload isn't text; at most 4 KiB of it. */
  payload: string;
  encoding: 'utf8' | 'base64';
  /** Size of the whole payload in bytes. */
  size: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  time: number;
}

/** A batch of topic-explorer messages: the latest per topic since the last batch. */
export interface BrokerMessagesEvent {
  messages: BrokerMessageEvent[];
  /** Messages that arrived since the last batch but were superseded or over the limit. */
  skipped: number;
}

/** A device's new state value (sent for changes only, not for repeated reports). */
export type DeviceStateEvent = Omit<DeviceStateChange, 'changed'>;

// ---- Node packages ---------------------------------------------------------------------------

/** An installed node package (`GET /api/packages`): its node types, or why it didn't load. */
export interface NodePackageInfo {
  name: string;
  version: string;
  /** `npm`: installed with npm into `<dataDir>/node_modules`; `local`: a folder in `<dataDir>/nodes/`. */
  source: 'npm' | 'local';
  types: string[];
  error?: { code: string; message: string };
}

/** `POST /api/packages`: an npm name (`name`, `name@range`) or an uploaded `.tgz`, base64. */
export interface PackageInstallRequest {
  spec?: string;
  tarball?: { filename: string; data: string };
}

/** `GET /api/examples`: the flows in Patchbay's examples/ and in installed packages' examples/. */
export interface ExampleInfo {
  /** `<source>/<folder>` */
  id: string;
  /** The README's first heading. */
  title: string;
  /** `patchbay`, or the package that ships it. */
  source: string;
  /** Markdown. */
  readme: string;
  flow: FlowDocument;
}

/** `DELETE /api/packages/:name` refused while nodes use it: 409 NODE_PACKAGE_IN_USE with `details.flows`. */
export interface PackageInUseDetails {
  flows: string[];
}

export interface ServerToEditor {
  debug: (e: DebugEvent) => void;
  status: (e: StatusEvent) => void;
  deployed: (e: DeployedEvent) => void;
  log: (e: LogEvent) => void;
  'broker:messages': (e: BrokerMessagesEvent) => void;
  /** A device appeared (also: announced again after a restart). */
  'device:added': (e: DeviceInfo) => void;
  /** Its description or availability changed (`online`). */
  'device:updated': (e: DeviceInfo) => void;
  'device:removed': (e: { id: string }) => void;
  'device:state': (e: DeviceStateEvent) => void;
  /** The node catalogue changed (a package installed or removed): fetch GET /api/nodes again. */
  'nodes:changed': (e: { packages: string[] }) => void;
  /** A line of npm's output while a package installs (`install` is the request's spec or file name). */
  'packages:progress': (e: { install: string; line: string }) => void;
}

export type Ack = { ok: true } | { ok: false; error: string; code: string };

export interface EditorToServer {
  /** Starts (or replaces) this editor's topic-explorer subscription. */
  'broker:watch': (e: { filter: string }, ack: (r: Ack) => void) => void;
  'broker:unwatch': (ack: (r: Ack) => void) => void;
}

// ---- The built-in broker --------------------------------------------------------------

/** `GET /api/broker` */
export interface BrokerStatsResponse {
  enabled: boolean;
  /** Where clients connect, e.g. mqtt://127.0.0.1:1883 and ws://127.0.0.1:1880/mqtt. */
  urls: string[];
  /** Absent when the built-in broker is off. */
  stats?: BrokerStats;
}

/** `POST /api/broker/publish` */
export interface BrokerPublishRequest {
  topic: string;
  payload: string;
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

// ---- Devices ------------------------------------------------------------------------------

/** `GET /api/devices` (sorted by name); `GET /api/devices/:id` is one `DeviceInfo`. */
export type DevicesResponse = DeviceInfo[];

/** `POST /api/devices/:id/command`: property id → value, checked like device-out does. */
export interface DeviceCommandRequest {
  values: Record<string, unknown>;
}

export interface DeviceCommandResponse {
  sent: string;
}
