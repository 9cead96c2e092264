// Message sequences (msg.parts, as split makes them) through a switch: Node-RED holds the
// messages of a sequence until it is complete when a rule needs its length (tail, $N) or when
// "recreate message sequences" (repair) is on; repair then gives each output's share of the
// sequence its own parts.id, index and count.
import { HeldSequences, type DropCounter, type Message, type Outgoing } from '#node-api';

export type Outputs = Array<Message | null>;

/** msg.parts with what makes a message part of a sequence. */
export interface Parts {
  id: unknown;
  index: number;
  count?: number;
  [key: string]: unknown;
}

/** Node-RED's test: a message is part of a sequence when msg.parts has an id and an index. */
export function partsOf(msg: Message): Parts | undefined {
  const parts = msg.parts as Partial<Parts> | undefined;
  if (typeof parts !== 'object' || parts === null || !Object.hasOwn(parts, 'id') || !Object.hasOwn(parts, 'index')) return undefined;
  return parts as Parts;
}

export interface SequenceOptions {
  /** How many outputs the node has. */
  outputs: number;
  /** Recreate the sequences on each output. */
  repair: boolean;
  /** Routes one message: what goes to each output. */
  evaluate(msg: Message): Outputs | Promise<Outputs>;
  /** Routes and sends a message that is not part of a sequence. */
  routeNow(msg: Message, send: (out: Outgoing) => void): void | Promise<void>;
  /** Reports the failure of a held message (its own input has already completed). */
  report(err: unknown, msg: Message): void;
  newId(): string;
  /** Parts held at most across unfinished sequences; beyond it the oldest sequence is dropped. 0 = no limit. */
  maxParts: number;
  drops: DropCounter;
}

interface Held {
  msgs: Message[];
  count?: number;
}

export class SequenceRouter {
  private readonly held: HeldSequences<Held>;

  constructor(private readonly opts: SequenceOptions) {
    this.held = new HeldSequences<Held>({ maxParts: opts.maxParts, drops: opts.drops, rememberDropped: true });
  }

  /** Routes one input message; for a held sequence, nothing happens until its last message. */
  handle(msg: Message, send: (out: Outgoing) => void): void | Promise<void> {
    const parts = partsOf(msg);
    if (!parts) return this.opts.routeNow(msg, send);
    if (!this.held.admit(parts.id)) return undefined; // a late part of a sequence dropped for room
    const group = this.held.get(parts.id) ?? this.held.open(parts.id, { msgs: [] });
    group.msgs.push(msg);
    if (typeof parts.count === 'number') group.count = parts.count;
    // the input is complete; the message waits. `>=`: a count smaller than what arrived (a
    // duplicate part, a wrong count) must release the group, not hold it for ever.
    if (group.count === undefined || group.msgs.length < group.count) {
      this.held.resize(parts.id, group.msgs.length); // over maxParts, the oldest sequence goes
      return undefined;
    }
    this.held.delete(parts.id);
    return this.release(group.msgs, group.count, send);
  }

  /** Drops held messages (node stop). */
  clear(): void {
    this.held.clear();
  }

  /** Routes a complete sequence in arrival order; one message's failure does not stop the rest. */
  private async release(msgs: Message[], count: number, send: (out: Outgoing) => void): Promise<void> {
    const routed: Outputs[] = [];
    for (const msg of msgs) {
      (msg.parts as Parts).count = count;
      let out: Outputs = [];
      try {
        out = await this.opts.evaluate(msg);
      } catch (err) {
        this.opts.report(err, msg);
      }
      if (this.opts.repair) routed.push(out);
      else send(out);
    }
    if (this.opts.repair) this.sendRepaired(routed, send);
  }

  /** Each output's messages become a sequence of their own: a new id, index from 0, their count. */
  private sendRepaired(routed: Outputs[], send: (out: Outgoing) => void): void {
    const { outputs } = this.opts;
    const counts = new Array<number>(outputs).fill(0);
    for (const out of routed) for (let port = 0; port < outputs; port++) if (out[port]) counts[port]!++;
    const ids = counts.map(() => this.opts.newId());
    const indexes = new Array<number>(outputs).fill(0);
    for (const out of routed) {
      const ports: Outputs = [];
      for (let port = 0; port < outputs; port++) {
        const msg = out[port];
        // A copy per output, as each needs its own parts; the runtime deep-clones all but the first delivery.
        ports.push(msg ? { ...msg, parts: { ...(msg.parts as Parts), id: ids[port], index: indexes[port]!++, count: counts[port] } } : null);
      }
      send(ports);
    }
  }
}
