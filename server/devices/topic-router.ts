// Subscriptions that come and go with discovery (HA state topics, availability topics): one
// bus subscription per topic, shared by every handler on it, ended with the last one.
import type { BusMessage, DeviceBus } from './bus.ts';
import type { Logger } from '../log.ts';

type Handler = (message: BusMessage) => void;

export class TopicRouter {
  private readonly topics = new Map<string, { handlers: Set<Handler>; stop: Promise<(() => Promise<void>) | undefined>; last?: BusMessage }>();

  constructor(private readonly bus: DeviceBus, private readonly log: Logger) {}

  /** Starts hearing `topic`; returns the function that stops this handler. */
  add(topic: string, handler: Handler): () => void {
    let entry = this.topics.get(topic);
    if (!entry) {
      const handlers = new Set<Handler>();
      const created: { handlers: Set<Handler>; stop: Promise<(() => Promise<void>) | undefined>; last?: BusMessage } = { handlers, stop: Promise.resolve(undefined) };
      created.stop = this.bus.subscribe(topic, (message) => {
        created.last = message;
        for (const h of handlers) h(message);
      }).catch((err: Error) => {
        this.log.warn({ topic, err: err.message }, 'device registry: subscribe failed');
        return undefined;
      });
      entry = created;
      this.topics.set(topic, entry);
    } else if (entry.last) {
      // A later handler on a shared subscription never sees the retained message the broker
      // sent once; the topic's last message is what it would have learnt from it (or newer).
      handler(entry.last);
    }
    entry.handlers.add(handler);
    const current = entry;
    return () => {
      current.handlers.delete(handler);
      if (current.handlers.size > 0 || this.topics.get(topic) !== current) return;
      this.topics.delete(topic);
      void current.stop.then((stop) => stop?.());
    };
  }
}
