// The built-in broker, reached in-process: publish and subscribe go straight onto the
// broker's message bus through its handle, with no socket, no client and no packet encoding.
import type { BrokerHandle, InProcessMessage } from '../broker/broker.ts';
import type { MqttConnectionState, MqttMessage, MqttPublishOptions, MqttSubscribeOptions } from '../node-api/index.ts';
import { effectiveQos, StateCell, type SharedConnection } from './shared-connection.ts';
import { publishProperties } from './publish-properties.ts';

type Handler = (msg: MqttMessage) => void;

export class InProcessConnection implements SharedConnection {
  private readonly cell = new StateCell('connected');
  private readonly active = new Set<() => Promise<void>>();

  constructor(private readonly broker: BrokerHandle) {}

  get state(): MqttConnectionState {
    return this.cell.value;
  }

  onState(listener: (state: MqttConnectionState) => void): () => void {
    return this.cell.listen(listener);
  }

  async subscribe(filter: string, opts: MqttSubscribeOptions, handler: Handler): Promise<() => Promise<void>> {
    // MQTT 5 retain handling 2: no retained messages when subscribing. A `$share/` filter joins
    // the broker's group, beside network clients, and gets no retained messages (section 4.8.2).
    const skipRetained = opts.rh === 2;
    const stop = await this.broker.subscribe(filter, (m) => {
      if (!(m.retain && skipRetained)) handler(toMessage(m, opts.qos));
    });
    return this.track(stop);
  }

  publish(topic: string, payload: Buffer | string, opts: MqttPublishOptions): Promise<void> {
    // MQTT 5 properties travel with the message to MQTT 5 subscribers and in-process ones
    if (!opts.properties) return this.broker.publish(topic, payload, opts);
    return this.broker.publish(topic, payload, { qos: opts.qos, retain: opts.retain, properties: publishProperties(opts.properties) });
  }

  async close(): Promise<void> {
    this.cell.set('disconnected');
    await Promise.all([...this.active].map((stop) => stop()));
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
  const msg: MqttMessage = { topic: m.topic, payload: m.payload, qos: effectiveQos(m.qos, requested), retain: m.retain };
  if (m.properties) msg.properties = { ...m.properties, ...(m.properties.userProperties ? { userProperties: { ...m.properties.userProperties } } : {}) };
  return msg;
}
