// Resuming a persistent session in order. On CONNECT with clean session 0, aedes
// restores the subscriptions first and only then sends the queued messages, so messages
// published meanwhile went out live, ahead of older queued ones on the same topic
// ([MQTT-4.6.0-6]). While a session resumes, live QoS 1/2 messages for it stay in the
// queue (aedes queues them for every persistent subscriber anyway) and the resume sends
// them in queue order; live delivery starts again once the queue is empty.

/** The identity of a message in aedes: its broker and that broker's counter. */
export interface MessageKey {
  brokerId?: string;
  brokerCounter?: number;
}

/** A packet handed out from the queue, as far as this module reads it. */
export interface QueuedPacket extends MessageKey {
  cmd?: string;
  messageId?: number;
}

interface Resume {
  /** The connection resuming the session: only it ends the resume early, by closing. */
  owner: object;
  /** Queued PUBLISHes handed to aedes that have not reached authorizeForward yet. */
  pending: number;
  /** Wakes the drain once `pending` is back to 0. */
  idle?: () => void;
  /** Messages this resume sent from the queue (a late live copy of one is dropped). */
  sent: Set<string>;
  /** Packet identifiers of PUBLISHes sent before this resume: redeliveries, with DUP. */
  redeliveries: Set<number>;
}

/** The resume state of every client id; one per store. */
export class SessionResumes {
  readonly #resumes = new Map<string, Resume>();
  /** After the resume: its `sent`, until the next one, for live copies that come late. */
  readonly #sentBefore = new Map<string, Set<string>>();

  /** `owner`, a connection with a persistent session, is signing in: hold its live messages in the queue. */
  hold(clientId: string, owner: object): void {
    this.#resumes.set(clientId, { owner, pending: 0, sent: new Set(), redeliveries: new Set() });
    this.#sentBefore.delete(clientId);
  }

  /**
   * The connection `owner` closed. If it was still resuming (it went away during sign-in, or
   * before its queue was sent), the hold ends, or live delivery to the client id would stay
   * stopped for whichever connection has it next; what waits in the queue goes out on the
   * next resume.
   */
  release(clientId: string, owner: object): void {
    const resume = this.#resumes.get(clientId);
    if (resume?.owner !== owner) return;
    this.#resumes.delete(clientId);
    resume.idle?.();
  }

  /** Whether `clientId` is resuming (its queue is to be drained with {@link drain}). */
  resuming(clientId: string): boolean {
    return this.#resumes.has(clientId);
  }

  /**
   * Yields the queue of `clientId` in order, reading `next(afterSeq)` batch by batch, until
   * it is empty and everything yielded has gone through {@link forwarded}; then live
   * delivery resumes.
   */
  async *drain<P extends QueuedPacket>(clientId: string, next: (afterSeq: number) => Array<{ seq: number; packet: P }>): AsyncGenerator<P> {
    const resume = this.#resumes.get(clientId);
    if (!resume) return;
    let after = 0;
    for (;;) {
      const rows = next(after);
      if (rows.length === 0) {
        if (resume.pending > 0) {
          await new Promise<void>((resolve) => (resume.idle = resolve));
          if (this.#resumes.get(clientId) !== resume) return; // released: the connection closed
          continue;
        }
        // synchronous with the last look at the queue: anything queued later goes out live
        if (this.#resumes.get(clientId) === resume) this.#resumes.delete(clientId);
        this.#sentBefore.set(clientId, resume.sent);
        return;
      }
      for (const { seq, packet } of rows) {
        after = seq;
        if (packet.cmd === 'publish') {
          resume.pending++;
          resume.sent.add(keyOf(packet));
          // aedes gives a packet its identifier just before writing it: one that has it was sent
          if (packet.messageId !== undefined) resume.redeliveries.add(packet.messageId);
        }
        yield packet;
      }
    }
  }

  /**
   * A PUBLISH from the queue reached authorizeForward. Returns whether it had been sent
   * before, so it goes out with DUP set ([MQTT-3.3.1-1]).
   */
  forwarded(clientId: string, messageId: number): boolean {
    const resume = this.#resumes.get(clientId);
    if (!resume) return false;
    if (resume.pending > 0 && --resume.pending === 0) resume.idle?.();
    return resume.redeliveries.delete(messageId);
  }

  /**
   * A PUBLISH from the queue that aedes skipped (its store update failed): it will not reach
   * authorizeForward, so it no longer counts as pending, or the resume would wait for ever.
   */
  skipped(clientId: string): void {
    const resume = this.#resumes.get(clientId);
    if (resume && resume.pending > 0 && --resume.pending === 0) resume.idle?.();
  }

  /**
   * Whether a live QoS 1/2 message may go to `clientId` now: not while it resumes (the
   * message waits in the queue), nor when the resume already sent it from the queue.
   */
  mayDeliverLive(clientId: string, packet: MessageKey): boolean {
    if (this.#resumes.has(clientId)) return false;
    const sent = this.#sentBefore.get(clientId);
    return !sent?.delete(keyOf(packet));
  }

  /** The session ended (clean session): forget its state. */
  forget(clientId: string): void {
    this.#resumes.delete(clientId);
    this.#sentBefore.delete(clientId);
  }
}

function keyOf(packet: MessageKey): string {
  return `${packet.brokerId ?? ''}\u0000${packet.brokerCounter ?? ''}`;
}
