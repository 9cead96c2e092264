// The connections behind `node.mqtt`. Nodes using the built-in broker reach it in-process;
// nodes using an external broker share one mqtt.js client per broker config node (and per
// version of its settings), opened by the first node that connects and closed when the last
// one stops.
import type { BrokerHandle } from '../broker/broker.ts';
import type { Logger } from '../log.ts';
import type { MqttCapability, MqttConnection, NodeContext } from '../node-api/index.ts';
import { targetOf, urlTarget, type BrokerTarget, type ExternalBrokerConfig } from './broker-config.ts';
import type { Backoff } from './client-options.ts';
import { ExternalConnection } from './external-connection.ts';
import { InProcessConnection } from './in-process-connection.ts';
import { nodeConnection } from './node-connection.ts';
import { NoBrokerConnection } from './shared-connection.ts';

export interface MqttPoolOptions {
  /** The built-in broker; nodes without a broker config node use it in-process. */
  builtin?: BrokerHandle;
  /** Used instead when there is no built-in broker (`--no-broker --broker-url`). */
  brokerUrl?: string;
  log: Logger;
  /** Reconnect delays for external brokers. */
  backoff?: Partial<Backoff>;
}

/** What the pool needs of a node: when it stops, and its config nodes. */
export type PoolUser = Pick<NodeContext, 'signal' | 'configNode'>;

const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 30_000 };

interface Lease {
  connection: ExternalConnection;
  /** The configured client id ('' = generated per connection). */
  clientId: string;
  users: number;
}

export class MqttConnectionPool {
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly defaultTarget: BrokerTarget | undefined;
  private readonly inProcess?: InProcessConnection;
  private readonly noBroker = new NoBrokerConnection();
  private readonly leases = new Map<string, Lease>();
  /** Client id → the close of the last connection that used it. */
  private readonly closing = new Map<string, Promise<void>>();

  constructor(opts: MqttPoolOptions) {
    this.log = opts.log.child({ ns: 'mqtt' });
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    if (opts.builtin) this.inProcess = new InProcessConnection(opts.builtin);
    else if (opts.brokerUrl) this.defaultTarget = urlTarget(opts.brokerUrl);
  }

  /** The `node.mqtt` of one node: one handle per broker it connects to. */
  capability(node: PoolUser): MqttCapability {
    const handles = new Map<string, MqttConnection>();
    return {
      connect: (brokerId = '') => {
        let handle = handles.get(brokerId);
        if (!handle) {
          handle = this.open(node, brokerId);
          handles.set(brokerId, handle);
        }
        return handle;
      },
    };
  }

  /** Closes every connection (server shutdown, after the nodes stopped). */
  async close(): Promise<void> {
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all([...leases.map((l) => l.connection.close()), this.inProcess?.close(), ...this.closing.values()]);
  }

  private open(node: PoolUser, brokerId: string): MqttConnection {
    const info = brokerId ? node.configNode(brokerId) : undefined;
    if (brokerId && !info) throw new Error(`No mqtt-broker config node with id "${brokerId}"`);
    // A config node in "builtin" mode means the server's own broker, whichever that is.
    const target = info ? targetOf(info) : { kind: 'default' as const };
    const resolved = target.kind === 'default' ? this.defaultTarget : target;
    if (!resolved || resolved.kind === 'default') {
      return nodeConnection(this.inProcess ?? this.noBroker, node.signal, () => {});
    }
    const lease = this.lease(resolved.key, resolved.name, resolved.config);
    let released = false;
    return nodeConnection(lease.connection, node.signal, () => {
      if (released) return;
      released = true;
      this.release(resolved.key, lease);
    });
  }

  private lease(key: string, name: string, config: ExternalBrokerConfig): Lease {
    let lease = this.leases.get(key);
    if (!lease) {
      const connection = new ExternalConnection(config, {
        log: this.log.child({ broker: name }),
        backoff: this.backoff,
        after: config.clientId ? this.closing.get(config.clientId) : undefined,
      });
      lease = { connection, clientId: config.clientId, users: 0 };
      this.leases.set(key, lease);
    }
    lease.users++;
    return lease;
  }

  private release(key: string, lease: Lease): void {
    if (--lease.users > 0 || this.leases.get(key) !== lease) return;
    this.leases.delete(key);
    const closed = lease.connection.close().catch((err: Error) => this.log.warn({ err: err.message }, 'mqtt close failed'));
    const { clientId } = lease;
    if (!clientId) return;
    this.closing.set(clientId, closed);
    void closed.then(() => {
      if (this.closing.get(clientId) === closed) this.closing.delete(clientId);
    });
  }
}
