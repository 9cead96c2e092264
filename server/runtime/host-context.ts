// The NodeContext a running node is handed: what the node may do, backed by its host. A big
// flow has thousands of these, so each is small: the capabilities are prototype getters, the
// logger, the context scopes and `env` are made on first use, and the functions are plain
// closures assigned in the constructor (no object-literal or `const` names: tsx's keepNames
// would give each a `name` property of its own, a few hundred bytes per function per node).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigNodeInfo, ContextScope, NodeContext } from '../node-api/index.ts';
import type { Message, NodeRef, NodeStatus, Outgoing, WatchedEvents, WatchScope } from '../node-api/types.ts';
import type { Logger } from '../log.ts';
import type { Capabilities, CapabilityName, HostServices } from './node-host.ts';
import { encodeDebugValue } from './debug-value.ts';
import { messageId } from './message-id.ts';

/** What a node's context needs from the host it runs in. */
export interface ContextHost {
  readonly ref: NodeRef & { flow: string };
  readonly config: Record<string, unknown>;
  /** Variables of the node's tab, groups and subflow. */
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly services: HostServices;
  /** Aborted when the node stops. */
  readonly signal: AbortSignal;
  send(out: Outgoing): void;
  status(status: NodeStatus): void;
  report(err: unknown, msg?: Message): void;
}

type Scopes = { node: ContextScope; flow: ContextScope; global: ContextScope };

/** Node-RED's built-in variables, so imported flows that read them keep working. */
function builtinEnv(name: string, ref: NodeRef & { flow: string }, services: HostServices): string | undefined {
  switch (name) {
    case 'NR_NODE_ID': return ref.id;
    case 'NR_NODE_NAME': return ref.name ?? '';
    case 'NR_FLOW_ID': return ref.flow;
    case 'NR_FLOW_NAME': return services.flowLabel(ref.flow) ?? '';
    default: return undefined;
  }
}

export class HostContext implements NodeContext {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly flow: string;
  readonly config: Record<string, unknown>;
  readonly credentials: Record<string, string>;
  readonly newMessageId = messageId;
  // Own functions rather than methods: node code passes them around detached (`node.send`).
  readonly send: (out: Outgoing) => void;
  readonly status: (status: NodeStatus) => void;
  readonly error: (err: unknown, msg?: Message) => void;
  readonly warn: (message: string) => void;
  readonly log: (message: string) => void;
  readonly context: () => Scopes;
  readonly debug: (value: unknown, property: string, topic?: string) => void;
  readonly watch: <E extends keyof WatchedEvents>(event: E, scope: WatchScope, listener: (event: WatchedEvents[E]) => void) => void;
  readonly deliverTo: (nodeId: string, msg: Message) => boolean;
  readonly findNodes: (query: { type: string; idOrName?: string }) => NodeRef[];
  readonly configNode: (id: string) => ConfigNodeInfo | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  private scopes?: Scopes;
  private variables?: { get(name: string): string | undefined };
  private logger?: Logger;
  private made?: Partial<Pick<NodeContext, CapabilityName>>;

  constructor(private readonly host: ContextHost, credentials: Record<string, string>) {
    const { ref, services } = host;
    this.id = ref.id;
    this.type = ref.type;
    this.name = ref.name ?? '';
    this.flow = ref.flow;
    this.config = host.config;
    this.credentials = credentials;
    this.send = (out) => host.send(out);
    this.status = (status) => host.status(status);
    this.error = (err, msg) => host.report(err, msg);
    this.warn = (message) => {
      this.nodeLog().warn(message);
      services.events.emit('log', { level: 'warn', node: ref.id, message, time: Date.now() });
    };
    this.log = (message) => this.nodeLog().info(message);
    this.context = () => (this.scopes ??= {
      node: services.contextStore.scope(`node:${ref.id}`),
      flow: services.contextStore.scope(`flow:${ref.flow}`),
      global: services.contextStore.scope('global'),
    });
    this.debug = (value, property, topic) => services.events.emit('debug', {
      node: ref.id, flow: ref.flow, name: ref.name ?? '', time: Date.now(), property, value: encodeDebugValue(value),
      ...(typeof topic === 'string' ? { topic } : {}),
    });
    this.watch = (event, scope, listener) => services.watchers.add(event, { owner: ref.id, flow: ref.flow, scope, listener });
    this.deliverTo = (nodeId, msg) => {
      const target = services.host(nodeId);
      if (!target) return false;
      if (typeof msg._msgid !== 'string') msg._msgid = messageId();
      services.router.route([target], msg, false);
      return true;
    };
    this.findNodes = (query) => services.findNodes(query);
    this.configNode = (id) => services.configNode(id);
    this.sleep = (ms) => sleep(ms, undefined, { signal: host.signal });
  }

  get signal(): AbortSignal {
    return this.host.signal;
  }

  get env(): { get(name: string): string | undefined } {
    const { host } = this;
    return (this.variables ??= { get: (name) => host.env?.[name] ?? builtinEnv(name, host.ref, host.services) ?? host.services.env[name] });
  }

  get mqtt(): NodeContext['mqtt'] { return this.capability('mqtt'); }
  get http(): NodeContext['http'] { return this.capability('http'); }
  get devices(): NodeContext['devices'] { return this.capability('devices'); }
  get files(): NodeContext['files'] { return this.capability('files'); }
  get exec(): NodeContext['exec'] { return this.capability('exec'); }
  get shared(): NodeContext['shared'] { return this.capability('shared'); }
  get websocket(): NodeContext['websocket'] { return this.capability('websocket'); }
  get net(): NodeContext['net'] { return this.capability('net'); }

  /** A server feature's capability for this node, made on first use. */
  private capability<K extends CapabilityName>(name: K): NodeContext[K] {
    const make: Capabilities[K] | undefined = this.host.services.capabilities[name];
    if (!make) throw new Error(`node.${name} is not available in this runtime`);
    this.made ??= {};
    return (this.made[name] ??= make(this));
  }

  /** Under the runtime's `ns`; a second `ns` would repeat the key in every JSON log line. */
  private nodeLog(): Logger {
    return (this.logger ??= this.host.services.log.child({ nodeType: this.type, nodeId: this.id }));
  }
}
