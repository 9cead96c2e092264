// MQTT 5 flow control (section 4.9): Receive Maximum in both directions.

/**
 * Towards the client: at most `limit` QoS 1/2 PUBLISH packets unacknowledged, the client's
 * Receive Maximum [MQTT-3.3.4-9]. Later ones wait in order until an acknowledgement frees a
 * slot: PUBACK, PUBCOMP, or PUBREC with a reason code of 0x80 or more [MQTT-3.3.4-10].
 */
export class OutboundWindow {
  readonly #inflight = new Set<number>();
  #waiting: Array<{ messageId: number; send: () => void }> = [];

  /** `maxWaiting` bounds what waits in memory (0 = no bound). */
  constructor(private readonly limit: number, private readonly maxWaiting: number) {}

  /**
   * Sends now when a slot is free (or `messageId` already holds one: a redelivery), else
   * later. False when the message can neither go nor wait.
   */
  offer(messageId: number, send: () => void): boolean {
    if (this.#inflight.has(messageId) || this.#inflight.size < this.limit) {
      this.#inflight.add(messageId);
      send();
    } else if (this.maxWaiting === 0 || this.#waiting.length < this.maxWaiting) {
      this.#waiting.push({ messageId, send });
    } else {
      return false;
    }
    return true;
  }

  /** The client acknowledged `messageId`: its slot goes to the next waiting message. */
  acknowledged(messageId: number): void {
    if (!this.#inflight.delete(messageId)) return;
    while (this.#waiting.length > 0 && this.#inflight.size < this.limit) {
      const next = this.#waiting.shift()!;
      this.#inflight.add(next.messageId);
      next.send();
    }
  }

  /** The connection closed: what waits is dropped (a persistent session keeps it in its queue). */
  close(): void {
    this.#waiting = [];
  }
}

/**
 * From the client: at most `limit` QoS 1/2 PUBLISH packets the broker has not yet answered
 * with PUBACK or PUBCOMP (or a PUBREC of 0x80 or more) [MQTT-3.3.4-7]; one more is answered
 * with DISCONNECT 0x93, Receive Maximum exceeded (sections 3.3.4 and 4.13).
 */
export class InboundWindow {
  readonly #pending = new Set<number>();

  constructor(private readonly limit: number) {}

  /** A QoS 1/2 PUBLISH arrived; false when it exceeds the window. A resent one (same id) is fine. */
  received(messageId: number): boolean {
    if (this.#pending.has(messageId)) return true;
    if (this.#pending.size >= this.limit) return false;
    this.#pending.add(messageId);
    return true;
  }

  /** The broker answered `messageId` for good. */
  answered(messageId: number): void {
    this.#pending.delete(messageId);
  }
}
