// [MQTT-4.3.2-2] / section 4.3.2: a PUBACK means the broker owns the message. aedes
// 2.0.0-beta.1 writes a QoS 1 PUBACK before it publishes the message (lib/handlers/publish.js,
// `enqueuePublish`), so a crash in between lost messages the publisher had been told were
// safe: queued ones for offline persistent sessions, retained ones. Here each such PUBACK is
// held until aedes' publish of that message completed, which is after the store committed the
// retained copy and the queued copies (better-sqlite3 commits synchronously, so "completed"
// means "in the WAL", which a process crash cannot lose). QoS 2 needs nothing: aedes stores
// the message before it sends PUBREC.
//
// aedes publishes the message only once the PUBACK's write called back, which lib/write.js
// does a turn of the event loop later (setImmediate). With the PUBACK held here, that turn only
// delayed delivery: every QoS 1 message reached its subscribers a turn after its PUBLISH was
// read (a QoS 0 one in the same turn), and its PUBACK left after that turn's batch of writes,
// in a socket write of its own. So the write of a held PUBACK reports a full socket, and the
// wait for 'drain' that aedes starts then (`client.waitForDrain`) ends at once.
//
// A released PUBACK is written one turn later, after the turns that handing the message to
// mqemitter queued (aedes writes each delivery from a setImmediate; the flow of an in-process
// subscriber runs in the router's), and the outgoing batch sends PUBLISHes before acknowledgements
// (v5/outgoing-hook.ts). Its socket write, a system call that also wakes the publisher, came
// before the delivery and delayed every QoS 1 message by it.
import type { Aedes, Client } from 'aedes';
import type { Packet } from 'mqtt-packet';
import type { OutgoingShaper } from '../v5/outgoing-hook.ts';

/** Reason codes of 0x80 and above report a failure (section 2.4): those PUBACKs go out at once. */
const FAILURE = 0x80;

/**
 * One connection's acknowledgements in the order their PUBLISHes arrived ([MQTT-4.6.0-2]):
 * a PUBACK waits for its message to be stored, and whatever is answered after it (a refusal)
 * waits behind it.
 */
export class HeldAcks implements OutgoingShaper {
  readonly #queue: Array<{ messageId?: number; send?: () => void }> = [];
  #lastWriteHeld = false;

  constructor(private readonly next: OutgoingShaper) {}

  write(packet: Packet, send: (packet: Packet) => boolean): boolean {
    this.#lastWriteHeld = packet.cmd === 'puback' && packet.messageId !== undefined && (packet.reasonCode ?? 0) < FAILURE;
    if (this.#lastWriteHeld) {
      // aedes goes on to publish the message; release() lets the PUBACK go after
      this.#queue.push({ messageId: packet.messageId, send: () => void this.next.write(packet, send) });
      return false; // "socket full": see the top of this file
    }
    if (packet.cmd !== 'puback' || this.#queue.length === 0) return this.next.write(packet, send);
    this.#queue.push({ send: () => void this.next.write(packet, send) });
    return true;
  }

  /** Whether the last packet written to this connection was a PUBACK held here. */
  lastWriteHeld(): boolean {
    return this.#lastWriteHeld;
  }

  /** Sends an answer written outside aedes (a refusal) once the acknowledgements before it went. */
  inOrder(answer: () => void): void {
    if (this.#queue.length === 0) answer();
    else this.#queue.push({ send: answer });
  }

  /** The message with `messageId` is stored: its PUBACK goes out, with what waited behind it. */
  release(messageId: number): void {
    const entry = this.#queue.find((e) => e.messageId === messageId);
    if (entry) entry.messageId = undefined;
    while (this.#queue.length > 0 && this.#queue[0]!.messageId === undefined) this.#queue.shift()!.send?.();
  }
}

type Done = (err?: Error) => void;
type Emit = (packet: { brokerCounter?: number }, done: () => void) => void;

/**
 * Wraps `aedes.publish` so that a client's QoS 1 message releases its held PUBACK once aedes
 * stored it: aedes publishes in steps (store the retained copy, queue copies for persistent
 * sessions, hand it to the subscribers through mqemitter), so the PUBACK goes out in the turn
 * after the message reached mqemitter, without waiting for the subscribers. aedes gives each message a
 * new `brokerCounter` (`++broker.counter`, in aedes-packet, synchronously inside publish),
 * which is how the message is recognised there. A failed publish releases nothing: aedes
 * closes that connection, and the client sends the message again.
 *
 * @example
 * ackWhenStored(aedes, (client) => held.get(client));
 */
export function ackWhenStored(aedes: Aedes, heldOf: (client: Client) => HeldAcks | undefined): void {
  /** Release functions by the brokerCounter of the message. */
  const stored = new Map<number, () => void>();
  const mq: unknown = Reflect.get(aedes, 'mq');
  const emit: unknown = typeof mq === 'object' && mq !== null ? Reflect.get(mq, 'emit') : undefined;
  if (typeof emit !== 'function') throw new Error('aedes has no mqemitter (mq.emit): durable-acks.ts needs updating for this aedes version');
  /** Releases of messages handed to mqemitter in this turn, run together in the next. */
  const released: Array<() => void> = [];
  const releaseAll = () => {
    for (const release of released.splice(0)) release();
  };
  const emitWhenStored: Emit = (packet, done) => {
    const counter = packet.brokerCounter;
    const release = counter === undefined ? undefined : stored.get(counter);
    Reflect.apply(emit, mq, [packet, done]);
    if (counter === undefined || !release) return;
    stored.delete(counter);
    // after the turns the emit just queued (aedes' deliveries, the flows of in-process subscribers)
    if (released.push(release) === 1) setImmediate(releaseAll);
  };
  Reflect.set(mq as object, 'emit', emitWhenStored);

  // aedes' own signature is (packet, client?, done); its typings know only (packet, done)
  const original = aedes.publish;
  const publish = (...args: [Packet, Client | Done | null, Done?]): void => void Reflect.apply(original, aedes, args);
  const wrapped = (packet: Packet, client: Client | Done | null, done?: Done): void => {
    const acks = typeof client === 'object' && client !== null ? heldOf(client) : undefined;
    if (!acks || packet.cmd !== 'publish' || packet.qos !== 1 || packet.messageId === undefined) {
      return publish(packet, client, done);
    }
    const { messageId } = packet;
    const counter = Number(Reflect.get(aedes, 'counter')) + 1;
    stored.set(counter, () => acks.release(messageId));
    publish(packet, client, (err) => {
      stored.delete(counter); // refused before it reached mqemitter
      done?.(err);
    });
  };
  Reflect.set(aedes, 'publish', wrapped);

  // aedes calls waitForDrain right after a write that returned false, and handles no packet of
  // a client before 'clientReady' (it queues them until CONNECT is done)
  aedes.on('clientReady', (client) => {
    const acks = heldOf(client);
    const wait: unknown = Reflect.get(client, 'waitForDrain');
    if (!acks || typeof wait !== 'function') return;
    Reflect.set(client, 'waitForDrain', (callback: (err: Error | null, client: Client) => void) => {
      // a held PUBACK: aedes publishes the message now, in the turn its PUBLISH was read
      if (acks.lastWriteHeld()) callback(null, client);
      else Reflect.apply(wait, client, [callback]);
    });
  });
}
