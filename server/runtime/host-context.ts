// The NodeContext a running node is handed: what the node may do, backed by its host. A big
// flow has thousands of these, so each is small: members are prototype getters that make what
// they return (functions, capabilities, logger, context scopes, `env`) on first use. Functions
// are made by assignment, never as object-literal or `const` values: tsx's keepNames would give
// each a `name` property of its own, a few hundred bytes per function per node.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FlowNode } from '../api/contract.ts';
import type { ContextScope, NodeContext } from '../node-api/index.ts';
import type { Message, NodeStatus, Outgoing } from '../node-api/types.ts';
import type { Logger } from '../log.ts';
import type { Capabilities, CapabilityName, HostServices } from './node-host.ts';
import { encodeDebugValue } from './debug-value.ts';
import { messageId } from './message-id.ts';
import { hasKeys } from '../plain-object.ts';

/** What a node's context needs from the host it runs in. */
export interface ContextHost {
  /** The node as deployed: its identity is read from here, not copied. */
  readonly node: FlowNode;
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
function builtinEnv(name: string, node: FlowNode, services: HostServices): string | undefined {
  switch (name) {
    case 'NR_NODE_ID': return node.id;
    case 'NR_NODE_NAME': return node.name ?? '';
    case 'NR_FLOW_ID': return node.flow ?? '';
    case 'NR_FLOW_NAME': return services.flowLabel(node.flow ?? '') ?? '';
    default: return undefined;
  }
}

/** The functions a node may call; each made on first use (see HostContext). */
type Functions = Pick<NodeContext, 'send' | 'status' | 'error' | 'warn' | 'log' | 'context' | 'debug' | 'watch' | 'deliverTo' | 'findNodes' | 'configNode' | 'sleep'>;

/** What a context makes on first use, in one object made on first use: most nodes need none of it. */
interface Made extends Partial<Functions> {
  credentials?: Record<string, string>;
  capabilities?: Partial<Pick<NodeContext, CapabilityName>>;
  scopes?: Scopes;
  variables?: { get(name: string): string | undefined };
  logger?: Logger;
}

export class HostContext implements NodeContext {
  private own?: Made;

  constructor(private readonly host: ContextHost, credentials: Record<string, string>) {
    // Most nodes have none: an empty object each would add up in a big flow.
    if (hasKeys(credentials)) this.made.credentials = credentials;
  }

  // The node's identity and config live on its host; read from there rather than copied here.
  get id(): string { return this.host.node.id; }
  get type(): string { return this.host.node.type; }
  get name(): string { return this.host.node.name ?? ''; }
  get flow(): string { return this.host.node.flow ?? ''; }
  get config(): Record<string, unknown> { return this.host.config; }
  get newMessageId(): () => string { return messageId; }

  get credentials(): Record<string, string> {
    return (this.made.credentials ??= {});
  }

  private get made(): Made {
    return (this.own ??= {});
  }

  // Closures, not methods, because node code passes them around detached (`node.send`); made
  // on first use, because most nodes call only a few of them.
  get send(): Functions['send'] {
    return (this.made.send ??= (out) => this.host.send(out));
  }

  get status(): Functions['status'] {
    return (this.made.status ??= (status) => this.host.status(status));
  }

  get error(): Functions['error'] {
    return (this.made.error ??= (err, msg) => this.host.report(err, msg));
  }

  get warn(): Functions['warn'] {
    return (this.made.warn ??= (message) => {
      this.nodeLog().warn(message);
      this.host.services.events.emit('log', { level: 'warn', node: this.id, message, time: Date.now() });
    });
  }

  get log(): Functions['log'] {
    return (this.made.log ??= (message) => this.nodeLog().info(message));
  }

  get context(): Functions['context'] {
    return (this.made.context ??= () => {
      const store = this.host.services.contextStore;
      return (this.made.scopes ??= { node: store.scope(`node:${this.id}`), flow: store.scope(`flow:${this.flow}`), global: store.scope('global') });
    });
  }

  get debug(): Functions['debug'] {
    return (this.made.debug ??= (value, property, topic) => this.host.services.events.emit('debug', {
      node: this.id, flow: this.flow, name: this.name, time: Date.now(), property, value: encodeDebugValue(value),
      ...(typeof topic === 'string' ? { topic } : {}),
    }));
  }

  get watch(): Functions['watch'] {
    return (this.made.watch ??= (event, scope, listener) => this.host.services.watchers.add(event, { owner: this.id, flow: this.flow, scope, listener }));
  }

  get deliverTo(): Functions['deliverTo'] {
    return (this.made.deliverTo ??= (nodeId, msg) => {
      const { services } = this.host;
      const target = services.host(nodeId);
      if (!target) return false;
      if (typeof msg._msgid !== 'string') msg._msgid = messageId();
      services.router.route([target], msg, false);
      return true;
    });
  }

  get findNodes(): Functions['findNodes'] {
    return (this.made.findNodes ??= (query) => this.host.services.findNodes(query));
  }

  get configNode(): Functions['configNode'] {
    return (this.made.configNode ??= (id) => this.host.services.configNode(id));
  }

  get sleep(): Functions['sleep'] {
    return (this.made.sleep ??= (ms) => sleep(ms, undefined, { signal: this.host.signal }));
  }

  get signal(): AbortSignal {
    return this.host.signal;
  }

  get env(): { get(name: string): string | undefined } {
    const { host } = this;
    return (this.made.variables ??= {
      get(name) {
        return host.env?.[name] ?? builtinEnv(name, host.node, host.services) ?? host.services.env[name];
      },
    });
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
    const capabilities = (this.made.capabilities ??= {});
    return (capabilities[name] ??= make(this));
  }

  /** Under the runtime's `ns`; a second `ns` would repeat the key in every JSON log line. */
  private nodeLog(): Logger {
    return (this.made.logger ??= this.host.services.log.child({ nodeType: this.type, nodeId: this.id }));
  }
}
