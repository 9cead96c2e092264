// The subscriptions one mqtt-in node holds: its configured topic and, in dynamic mode, the
// ones input messages add and remove. Subscribing never throws: failures are reported.
import { errorMessage, NodeRuntimeError, type Message, type MqttConnection, type MqttMessage, type MqttSubscribeOptions } from '#node-api';
import { codeOf } from '../mqtt-broker/connection.ts';

export interface Subscription extends MqttSubscribeOptions {
  topic: string;
}

interface Held {
  options: MqttSubscribeOptions;
  unsubscribe: Promise<(() => Promise<void>) | undefined>;
}

export class NodeSubscriptions {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly conn: MqttConnection,
    private readonly handler: (m: MqttMessage) => void,
    private readonly report: (err: Error, cause?: Message) => void,
  ) {}

  /** Subscribes to `topic`; an earlier subscription to it is replaced once the new one holds. */
  add(topic: string, options: MqttSubscribeOptions, cause?: Message): void {
    const previous = this.held.get(topic);
    const held: Held = {
      options,
      unsubscribe: this.conn.subscribe(topic, options, this.handler).catch((err: unknown) => {
        if (this.held.get(topic) === held) this.held.delete(topic);
        this.report(new NodeRuntimeError(`Cannot subscribe to "${topic}": ${errorMessage(err)}`, codeOf(err) ?? 'MQTT_SUBSCRIBE_FAILED'), cause);
        return undefined;
      }),
    };
    this.held.set(topic, held);
    if (previous) void held.unsubscribe.then(() => end(previous));
  }

  async remove(topic: string): Promise<void> {
    const held = this.held.get(topic);
    if (!held) return;
    this.held.delete(topic);
    await end(held);
  }

  async removeAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((topic) => this.remove(topic)));
  }

  list(): Subscription[] {
    return [...this.held].map(([topic, { options }]) => ({ topic, ...options }));
  }
}

async function end(held: Held): Promise<void> {
  await (await held.unsubscribe)?.();
}
