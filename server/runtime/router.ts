// Asynchronous, batched message delivery. `send` only queues, so a handler never runs on the
// sender's stack and loops in a flow cannot overflow it; one scheduler turn then drains many
// deliveries (including those queued while draining) instead of paying a macrotask per hop.
// After DRAIN_BUDGET deliveries it yields to I/O with setImmediate, so a busy loop can't starve
// sockets and timers. A delivery whose handler is still working when it returns (a promise, a
// JSONata rule) ends the turn too: its promise settles before the next delivery, as in Node-RED,
// where each delivery is a macrotask of its own, so an asynchronous node does not fall behind
// its sibling branches (a node with no wired output reports itself done at once: node-host.ts).
import type { Message } from '../node-api/types.ts';
import { cloneMessage } from '../node-api/clone.ts';

const DRAIN_BUDGET = 2000;
/** Ring slots at first and after a burst has drained (two per delivery; a power of two). */
const SMALL_RING = 4096;

export interface Receiver {
  /** True when the handler has not finished with the message by the time it returns. */
  receive(msg: Message): boolean;
}

export class Router {
  // Pending deliveries in a ring (receiver, message, receiver, message, ...) that is reused from
  // turn to turn, rather than a queue array made anew each turn and reallocated as push grows it.
  private ring: Array<Receiver | Message | undefined> = new Array(SMALL_RING);
  /** Slot of the next receiver; always even, as is the ring's length. */
  private head = 0;
  /** Slots in use (two per delivery). */
  private used = 0;
  private scheduled = false;

  /** Queues delivery of msgs to targets: the first delivery gets the original, every other a deep clone. */
  route(targets: ReadonlyArray<Receiver>, msg: Message, cloneFirst: boolean): boolean {
    let cloneNext = cloneFirst;
    for (const target of targets) {
      this.push(target, cloneNext ? cloneMessage(msg) : msg);
      cloneNext = true;
    }
    if (!this.scheduled && this.used > 0) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    return cloneNext;
  }

  private push(target: Receiver, msg: Message): void {
    if (this.used === this.ring.length) this.grow();
    const at = (this.head + this.used) & (this.ring.length - 1);
    this.ring[at] = target;
    this.ring[at + 1] = msg;
    this.used += 2;
  }

  /** Twice the room, the pending deliveries moved to its start in order. */
  private grow(): void {
    const old = this.ring;
    const ring = new Array<Receiver | Message | undefined>(old.length * 2);
    for (let i = 0; i < this.used; i++) ring[i] = old[(this.head + i) & (old.length - 1)];
    this.ring = ring;
    this.head = 0;
  }

  private readonly drain = (): void => {
    for (let budget = DRAIN_BUDGET; budget > 0 && this.used > 0; budget--) {
      const ring = this.ring;
      const target = ring[this.head] as Receiver;
      const msg = ring[this.head + 1] as Message;
      ring[this.head] = ring[this.head + 1] = undefined; // let the message be collected
      this.head = (this.head + 2) & (ring.length - 1);
      this.used -= 2;
      if (target.receive(msg)) break;
    }
    if (this.used > 0) {
      setImmediate(this.drain);
      return;
    }
    this.head = 0;
    if (this.ring.length > SMALL_RING) this.ring = new Array(SMALL_RING); // a burst's room is given back
    this.scheduled = false;
  };
}
