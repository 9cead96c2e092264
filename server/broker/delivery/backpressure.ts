// A per-client bound on what the broker has written but the client has not read yet, so one
// slow or stalled subscriber only hurts itself. aedes waits for each socket's 'drain' before it
// calls a delivery's done callback, and mqemitter runs deliveries in one shared window
// (aedes' `concurrency`): a socket that stops reading held that window, so every client on
// every topic stopped receiving and publishers waited for their PUBACKs. Here a write never
// waits for 'drain'; instead, once the socket's buffer is past the bound, deliveries to that
// client are not written: QoS 0 ones are dropped (counted), QoS 1/2 ones stay in a persistent
// session's queue (sent again when it reconnects) or are dropped for a clean one. A client that
// stays past the bound is disconnected with one warning naming it (Mosquitto likewise keeps
// an outgoing queue per client and never lets one socket block the others).
import type { AedesPublishPacket, Client } from 'aedes';
import { deliverersOf, type Deliver } from '../client-internals.ts';
import type { BrokerLog } from '../options.ts';

/** What every connection's bound is made of. */
export interface BackpressureOptions {
  /** Bytes written to a client and not yet read by it, past which deliveries to it are not written. */
  maxBytes: number;
  /** How long a client may stay past `maxBytes` before it is disconnected, in ms. */
  stallTimeout: number;
  log: BrokerLog;
  /** Counts one message not written to a client. */
  onDropped(): void;
}

/**
 * Bounds what aedes writes to `client`: call right after `aedes.handle()`, after the other
 * delivery wrappers (it wraps the functions they installed).
 *
 * @example
 * boundOutgoing(client, { maxBytes: 1 << 20, stallTimeout: 10_000, log, onDropped: () => dropped++ });
 */
export function boundOutgoing(client: Client, opts: BackpressureOptions): void {
  const internals = deliverersOf(client);
  const stall = new StallWatch(client, opts);
  // aedes calls this when a write found the socket's buffer full; the buffer's own bound is
  // checked before each delivery, so the delivery completes now instead of at 'drain'
  Reflect.set(client, 'waitForDrain', (callback: (err: Error | null, client: Client) => void) => {
    setImmediate(callback, null, client);
  });
  const guard = (deliver: Deliver): Deliver => (packet: AedesPublishPacket, done) => {
    if (!stall.over()) return deliver(packet, done);
    opts.onDropped();
    setImmediate(done);
  };
  internals.deliver0 = guard(internals.deliver0);
  internals.deliverQoS = guard(internals.deliverQoS);
}

/** Whether a client's socket is past the bound, and the timer that disconnects it if it stays so. */
class StallWatch {
  #timer?: NodeJS.Timeout;
  #dropped = 0;

  constructor(
    private readonly client: Client,
    private readonly opts: BackpressureOptions,
  ) {
    client.conn.once('close', () => this.#clear());
  }

  /** True while the socket holds more than the bound; starts the stall timer then. */
  over(): boolean {
    const buffered = this.client.conn.writableLength;
    if (buffered < this.opts.maxBytes) return false;
    this.#dropped++;
    if (!this.#timer) {
      this.client.conn.once('drain', () => this.#clear());
      this.#timer = setTimeout(() => this.#disconnect(), this.opts.stallTimeout);
      this.#timer.unref();
    }
    return true;
  }

  #clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #disconnect(): void {
    this.#timer = undefined;
    const { client, opts } = this;
    opts.log.warn(
      { clientId: client.id, bufferedBytes: client.conn.writableLength, droppedMessages: this.#dropped, stallTimeout: opts.stallTimeout },
      'mqtt client not reading: disconnected',
    );
    client.conn.destroy();
  }
}
