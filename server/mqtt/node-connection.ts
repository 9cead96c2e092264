// One node's handle on a shared connection. Everything the node started through it (state
// listeners, subscriptions) ends when the node's signal aborts, and then the node's lease on
// the connection is released.
import type { MqttConnection, MqttConnectionState, MqttMessage, MqttSubscribeOptions } from '../node-api/index.ts';
import type { SharedConnection } from './shared-connection.ts';
import { fail, type PatchbayError } from '../errors.ts';

export function nodeConnection(shared: SharedConnection, signal: AbortSignal, release: () => void): MqttConnection {
  const cleanups = new Set<() => void>();
  const stop = () => {
    for (const cleanup of cleanups) cleanup();
    cleanups.clear();
    release();
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });

  return {
    get state(): MqttConnectionState {
      return shared.state;
    },

    onState(listener) {
      if (signal.aborted) return () => {};
      const off = shared.onState(listener);
      cleanups.add(off);
      return () => {
        cleanups.delete(off);
        off();
      };
    },

    async subscribe(filter: string, opts: MqttSubscribeOptions, handler: (msg: MqttMessage) => void) {
      if (signal.aborted) throw stoppedError();
      const pending = shared.subscribe(filter, opts, (msg) => {
        if (!signal.aborted) handler(msg);
      });
      // Stopped before the broker acknowledged: unsubscribe as soon as it does.
      const cancel = () => void pending.then((unsubscribe) => unsubscribe(), () => undefined);
      cleanups.add(cancel);
      let unsubscribe: () => Promise<void>;
      try {
        unsubscribe = await pending;
      } finally {
        cleanups.delete(cancel);
      }
      if (signal.aborted) {
        await unsubscribe();
        throw stoppedError();
      }
      const end = () => void unsubscribe();
      cleanups.add(end);
      return async () => {
        cleanups.delete(end);
        await unsubscribe();
      };
    },

    publish(topic, payload, opts) {
      if (signal.aborted) return Promise.reject(stoppedError());
      return shared.publish(topic, payload, opts);
    },
  };
}

function stoppedError(): PatchbayError {
  return fail('MQTT_NODE_STOPPED');
}
