// The per-client publish rate limit (mqtt.maxPublishRate): a token bucket per connection that
// holds `burst` publishes and refills at `rate` a second. A publish past it is not routed:
// QoS 0 is dropped; QoS 1/2 gets PUBACK/PUBREC 0x97 Quota exceeded from MQTT 5 clients (as
// EMQX answers over its quota) and closes a 3.1.1 connection, which cannot be told — the client
// keeps the unacknowledged message and sends it again after reconnecting, as it does after an
// ACL denial. Refusals are counted per client and logged at once, then at most once a minute.
import type { Client, PublishPacket } from 'aedes';
import { fail } from '../errors.ts';
import { DropCounter } from '../node-api/drop-counter.ts';
import { dropIncoming } from './client-internals.ts';
import type { BrokerLog } from './options.ts';
import { writePacket } from './v5/outgoing-hook.ts';

/** MQTT 5 reason code 0x97, Quota exceeded (sections 3.4.2.1 and 3.5.2.1). */
const QUOTA_EXCEEDED = 0x97;

/** Tokens that refill at `rate` a second up to `burst`; each publish takes one. */
export class TokenBucket {
  private tokens: number;

  constructor(private readonly rate: number, private readonly burst: number, private last: number) {
    this.tokens = burst;
  }

  /** Takes a token if there is one at time `now` (ms). */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * What became of a publish: `accepted` goes on to be routed; `dropped` was dealt with here
 * (answered when it had to be) and aedes must only let it go; `refused` ends the connection.
 */
export type PublishAdmission = 'accepted' | 'dropped' | 'refused';

/** Decides on each incoming PUBLISH of a client (after the ACL allowed it). */
export type PublishGate = (client: Client, packet: PublishPacket) => PublishAdmission;

/**
 * The rate limit for `rate` publishes a second per client with bursts of `burst`; undefined when
 * `rate` is 0 (no limit).
 *
 * @example
 * const gate = publishRateLimit({ rate: 100, burst: 1000, log });
 * if (gate?.(client, packet) === 'refused') callback(new Error('publish rate exceeded'));
 */
export function publishRateLimit(opts: {
  rate: number; burst: number; log: BrokerLog; now?: () => number;
  /** Sends a refusal in its place among the client's acknowledgements (default: at once). */
  answer?: (client: Client, send: () => void) => void;
}): PublishGate | undefined {
  if (opts.rate <= 0) return undefined;
  const now = opts.now ?? Date.now;
  const clients = new WeakMap<Client, { bucket: TokenBucket; refusals?: DropCounter }>();
  return (client, packet) => {
    let state = clients.get(client);
    if (!state) clients.set(client, (state = { bucket: new TokenBucket(opts.rate, opts.burst, now()) }));
    if (state.bucket.take(now())) return 'accepted';
    (state.refusals ??= refusalCounter(client, opts)).add();
    if (packet.qos > 0 && client.version !== 5) return 'refused';
    if (packet.qos > 0) {
      const refusal = { cmd: packet.qos === 1 ? 'puback' : 'pubrec', messageId: packet.messageId, reasonCode: QUOTA_EXCEEDED } as const;
      const send = () => void writePacket(client.conn, refusal, 5);
      if (opts.answer) opts.answer(client, send);
      else send();
    }
    dropIncoming(packet);
    return 'dropped';
  };
}

function refusalCounter(client: Client, opts: { rate: number; burst: number; log: BrokerLog }): DropCounter {
  const counter = new DropCounter(({ dropped, total }) => {
    const { message } = fail('BROKER_PUBLISH_RATE_EXCEEDED', client.id, opts.rate, opts.burst, dropped);
    opts.log.warn({ code: 'BROKER_PUBLISH_RATE_EXCEEDED', clientId: client.id, refused: dropped, total, reason: message }, 'mqtt publishes over the rate limit refused');
  });
  client.conn.once('close', () => counter.stop());
  return counter;
}
