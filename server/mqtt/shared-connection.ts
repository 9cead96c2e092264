// What every kind of pooled connection offers: the built-in broker in-process, an mqtt.js
// client to an external broker, or nothing at all. Nodes see these through a per-node view
// (node-connection.ts) that ends their subscriptions when they stop.
import type { MqttConnectionState, MqttMessage, MqttPublishOptions, MqttSubscribeOptions } from '../node-api/index.ts';
import { fail, type PatchbayError } from '../errors.ts';

export type QoS = 0 | 1 | 2;

export interface SharedConnection {
  readonly state: MqttConnectionState;
  /** Calls `listener` now and on every change; returns the function that stops it. */
  onState(listener: (state: MqttConnectionState) => void): () => void;
  /** Resolves once the broker acknowledged; the returned function unsubscribes and never rejects. */
  subscribe(filter: string, opts: MqttSubscribeOptions, handler: (msg: MqttMessage) => void): Promise<() => Promise<void>>;
  publish(topic: string, payload: Buffer | string, opts: MqttPublishOptions): Promise<void>;
  /** Ends the connection; pending subscribes reject, later calls fail. */
  close(): Promise<void>;
}

/** A connection state and the listeners that follow it. */
export class StateCell {
  private readonly listeners = new Set<(state: MqttConnectionState) => void>();

  constructor(private current: MqttConnectionState) {}

  get value(): MqttConnectionState {
    return this.current;
  }

  set(next: MqttConnectionState): void {
    if (next === this.current) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  listen(listener: (state: MqttConnectionState) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => void this.listeners.delete(listener);
  }
}

/** The QoS a subscriber sees: the lower of the publisher's and its own [MQTT-3.8.4-6]. */
export function effectiveQos(published: QoS, requested: QoS): QoS {
  return published < requested ? published : requested;
}

/** Stands in when there is no broker at all: always disconnected, every call fails clearly. */
export class NoBrokerConnection implements SharedConnection {
  readonly state = 'disconnected' as const;

  onState(listener: (state: MqttConnectionState) => void): () => void {
    listener(this.state);
    return () => {};
  }

  subscribe(): Promise<() => Promise<void>> {
    return Promise.reject(noBrokerError());
  }

  publish(): Promise<void> {
    return Promise.reject(noBrokerError());
  }

  async close(): Promise<void> {}
}

function noBrokerError(): PatchbayError {
  return fail('MQTT_NO_BROKER');
}
