// aedes numbers every message per source and drops one that reaches a client after a newer
// one (its guard against duplicates from overlapping subscriptions). QoS 0 messages skip the
// offline queue that QoS 1/2 messages wait in, so they overtake them, and the overtaken QoS 1/2
// messages were dropped. Numbering QoS 0 messages in a sequence of their own keeps each
// sequence in order, so nothing is dropped.
import { randomUUID } from 'node:crypto';

export interface Stampable {
  qos: 0 | 1 | 2;
  brokerId?: string;
  brokerCounter?: number;
}

/** Returns the function that stamps QoS 0 packets with the separate sequence. */
export function createQos0Sequence(): (packet: Stampable) => void {
  const stamp = createSequence('qos0-');
  return (packet) => {
    if (packet.qos === 0) stamp(packet);
  };
}

/**
 * A sequence of its own for other deliveries that would otherwise overtake or be overtaken in
 * aedes' per-sender numbering (shared subscriptions). `prefix` starts the sender id.
 */
export function createSequence(prefix: string): (packet: Stampable) => void {
  const id = `${prefix}${randomUUID()}`;
  let counter = 0;
  return (packet) => {
    packet.brokerId = id;
    packet.brokerCounter = ++counter;
  };
}
