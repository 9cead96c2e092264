// The built-in broker, reached in-process: publish and subscribe go straight onto the
// broker's message bus through its handle, with no socket, no client and no packet encoding.
import type { BrokerHandle, InProcessMessage } from '../broker/broker.ts';
import type { MqttConnectionState, MqttMessage, MqttSubscribeOptions } from '../node-api/index.ts';
import { effectiveQos, StateCell, type SharedConnection } from './shared-connection.ts';
import { parseSharedFilter } from '../node-api/mqtt-topics.ts';

type Handler = (msg: MqttMessage) => void;

interface Member {
  qos: MqttSubscribeOptions['qos'];
  handler: Handler;
}

/** One `$share/<group>/<filter>` subscription on the broker, shared round-robin by its members. */
interface ShareGroup {
  members: Member[];
  subscribed: Promise<() => Promise<void>>;
}

export class InProcessConnection implements SharedConnection {
  private readonly cell = new StateCell('connected');
  private readonly active = new Set<() => Promise<void>>();
  // aedes has no shared subscriptions, so the groups of Patchbay's own nodes are kept here.
  private readonly groups = new Map<string, ShareGroup>();

  constructor(private readonly broker: BrokerHandle) {}

  get state(): MqttConnectionState {
    return this.cell.value;
  }

  onState(listener: (state: MqttConnectionState) => void): () => void {
    return this.cell.listen(listener);
  }

  async subscribe(filter: string, opts: MqttSubscribeOptions, handler: Handler): Promise<() => Promise<void>> {
    const shared = parseSharedFilter(filter);
    if (shared) return this.joinGroup(`${shared.group}\u0000${shared.filter}`, shared.filter, { qos: opts.qos, handler });
    // MQTT 5 retain handling 2: no retained messages when subscribing
    const skipRetained = opts.rh === 2;
    const stop = await this.broker.subscribe(filter, (m) => {
      if (!(m.retain && skipRetained)) handler(toMessage(m, opts.qos));
    });
    return this.track(stop);
  }

  publish(topic: string, payload: Buffer | string, opts: { qos: 0 | 1 | 2; retain: boolean }): Promise<void> {
    // MQTT 5 properties have nowhere to go: aedes speaks MQTT 3.1.1.
    return this.broker.publish(topic, payload, { qos: opts.qos, retain: opts.retain });
  }

  async close(): Promise<void> {
    this.cell.set('disconnected');
    await Promise.all([...this.active].map((stop) => stop()));
  }

  private async joinGroup(key: string, filter: string, member: Member): Promise<() => Promise<void>> {
    const group = this.groups.get(key) ?? this.createGroup(key, filter);
    group.members.push(member);
    try {
      await group.subscribed;
    } catch (err) {
      this.groups.delete(key);
      throw err;
    }
    return this.track(async () => {
      group.members.splice(group.members.indexOf(member), 1);
      if (group.members.length > 0) return;
      this.groups.delete(key);
      await (await group.subscribed)();
    });
  }

  private createGroup(key: string, filter: string): ShareGroup {
    const members: Member[] = [];
    let next = 0;
    const subscribed = this.broker.subscribe(filter, (m) => {
      // MQTT 5 section 4.8.2: a new shared subscription gets no retained messages
      if (m.retain || members.length === 0) return;
      const target = members[next++ % members.length]!;
      target.handler(toMessage(m, target.qos));
    });
    const group = { members, subscribed };
    this.groups.set(key, group);
    return group;
  }

  /** Remembers an unsubscribe for close(); the returned one runs it at most once. */
  private track(stop: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once = () => {
      this.active.delete(once);
      // the broker may already be closed at shutdown; nothing is left to undo then
      done ??= stop().catch(() => undefined);
      return done;
    };
    this.active.add(once);
    return once;
  }
}

function toMessage(m: InProcessMessage, requested: 0 | 1 | 2): MqttMessage {
  return { topic: m.topic, payload: m.payload, qos: effectiveQos(m.qos, requested), retain: m.retain };
}
