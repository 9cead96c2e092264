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

export interface Receiver {
  /** True when the handler has not finished with the message by the time it returns. */
  receive(msg: Message): boolean;
}

export class Router {
  private queue: Array<Receiver | Message> = []; // receiver, message, receiver, message, ...
  private head = 0;
  private scheduled = false;

  /** Queues delivery of msgs to targets: the first delivery gets the original, every other a deep clone. */
  route(targets: ReadonlyArray<Receiver>, msg: Message, cloneFirst: boolean): boolean {
    let cloneNext = cloneFirst;
    for (const target of targets) {
      this.queue.push(target, cloneNext ? cloneMessage(msg) : msg);
      cloneNext = true;
    }
    if (!this.scheduled && this.queue.length > this.head) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    return cloneNext;
  }

  private readonly drain = (): void => {
    const end = this.head + DRAIN_BUDGET * 2;
    while (this.head < this.queue.length && this.head < end) {
      const target = this.queue[this.head] as Receiver;
      const msg = this.queue[this.head + 1] as Message;
      this.queue[this.head] = this.queue[this.head + 1] = undefined as never; // let the message be collected
      this.head += 2;
      if (target.receive(msg)) break;
    }
    if (this.head < this.queue.length) {
      setImmediate(this.drain);
      return;
    }
    this.queue = [];
    this.head = 0;
    this.scheduled = false;
  };
}
