// The connections behind `node.mqtt`. Nodes using the built-in broker reach it in-process;
// nodes using an external broker share one mqtt.js client per equal connection spec, opened
// by the first node that connects and closed when the last one stops.
import type { BrokerHandle } from '../broker/broker.ts';
import type { Logger } from '../log.ts';
import type { MqttCapability, MqttConnection, MqttConnectionSpec, NodeContext } from '../node-api/index.ts';
import { fail } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import { externalTarget, type ExternalTarget } from './connection-spec.ts';
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

/** What the pool needs of a node: when it stops. */
export type PoolUser = Pick<NodeContext, 'signal'>;

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
  private readonly defaultTarget: ExternalTarget | undefined;
  private readonly inProcess?: InProcessConnection;
  private readonly noBroker = new NoBrokerConnection();
  private readonly leases = new Map<string, Lease>();
  /** Client id → the close of the last connection that used it. */
  private readonly closing = new Map<string, Promise<void>>();

  constructor(opts: MqttPoolOptions) {
    this.log = opts.log.child({ ns: 'mqtt' });
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    if (opts.builtin) this.inProcess = new InProcessConnection(opts.builtin);
    else if (opts.brokerUrl) this.defaultTarget = externalTarget({ kind: 'external', url: opts.brokerUrl });
  }

  /** The `node.mqtt` of one node: one handle per connection it asks for. */
  capability(node: PoolUser): MqttCapability {
    const handles = new Map<string, MqttConnection>();
    return {
      connect: (spec) => {
        const target = this.targetOf(spec);
        const key = target?.key ?? '';
        let handle = handles.get(key);
        if (!handle) {
          handle = this.open(node, target);
          handles.set(key, handle);
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

  /** The external connection `spec` asks for; undefined for the in-process broker (or none). */
  private targetOf(spec: MqttConnectionSpec | undefined): ExternalTarget | undefined {
    // "builtin" means the server's own broker, whichever that is (--broker-url when it is off)
    if (spec === undefined || spec.kind === 'builtin') return this.defaultTarget;
    if (spec.kind === 'external') return externalTarget(spec);
    throw fail('MQTT_SPEC_INVALID', 'kind', `expected "builtin" or "external", got ${JSON.stringify(Reflect.get(spec, 'kind'))}`);
  }

  private open(node: PoolUser, target: ExternalTarget | undefined): MqttConnection {
    if (!target) return nodeConnection(this.inProcess ?? this.noBroker, node.signal, () => {});
    const lease = this.lease(target);
    let released = false;
    return nodeConnection(lease.connection, node.signal, () => {
      if (released) return;
      released = true;
      this.release(target.key, lease);
    });
  }

  private lease({ key, config }: ExternalTarget): Lease {
    let lease = this.leases.get(key);
    if (!lease) {
      const connection = new ExternalConnection(config, {
        log: this.log.child({ broker: config.url }),
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
    const closed = lease.connection.close().catch((err: unknown) => this.log.warn({ err: errorMessage(err) }, 'mqtt close failed'));
    const { clientId } = lease;
    if (!clientId) return;
    this.closing.set(clientId, closed);
    void closed.then(() => {
      if (this.closing.get(clientId) === closed) this.closing.delete(clientId);
    });
  }
}
