// What one MQTT 5 connection negotiated and what that means for the packets the broker writes
// to it: the client's Receive Maximum, Maximum Packet Size and Topic Alias Maximum from its
// CONNECT, the broker's own Receive Maximum towards it, and the Reason Strings that explain a
// refusal. MQTT 3.1.1 connections pass through untouched.
import { generate, type IConnectPacket, type IPublishPacket, type Packet } from 'mqtt-packet';
import { InboundWindow, OutboundWindow } from './flow-control.ts';
import { OutboundAliases } from './topic-aliases.ts';
import { reasonString } from './reason-strings.ts';
import { publishSize } from '../publish-encoder.ts';

/** Reason codes of 0x80 and above report a failure (section 2.4). */
const FAILURE = 0x80;
/** SUBACK reason code for a filter past a subscription cap. */
const QUOTA_EXCEEDED = 0x97;
/** [MQTT-3.1.2.11.3] the Receive Maximum a client that sends none is taken to have. */
const DEFAULT_RECEIVE_MAXIMUM = 65_535;

/** What the broker side gives each connection. */
export interface ProtocolOptions {
  /** The broker's Receive Maximum (MQTT 5 clients only). */
  receiveMaximum: number;
  /** The broker's Topic Alias Maximum (MQTT 5 clients only). */
  topicAliasMaximum: number;
  /** QoS 1/2 messages that may wait in memory for the client's window; 0 = no limit. */
  maxWaiting: number;
  /** A QoS 1/2 message that will not be sent (too large, or no room to wait): clear it from the session. */
  discard(packet: IPublishPacket, why: 'too large' | 'window full'): void;
}

export class ConnectionProtocol {
  #version = 4;
  #problemInformation = true;
  #maximumPacketSize = 0;
  #aliases?: OutboundAliases;
  #outbound?: OutboundWindow;
  #inbound?: InboundWindow;
  /** Why the broker refused the CONNECT, for the CONNACK's Reason String (and a reason code of its own). */
  #refusal?: { reason: string; reasonCode?: number };
  /** Filters denied in the SUBSCRIBE being answered, for the SUBACK's Reason String. */
  #denied: string[] = [];
  /** Positions of the filters past the subscription caps, by the SUBSCRIBE's packet identifier. */
  readonly #overQuota = new Map<number | undefined, number[]>();
  /** The broker sent DISCONNECT: nothing more goes out [MQTT-3.14.4-1]. */
  #ended = false;
  #accepted = false;

  /** The aliases the client set up towards the broker (aedes resolves them; this checks them). */
  readonly #inboundAliases = new Set<number>();

  constructor(private readonly options: ProtocolOptions) {}

  get version(): number {
    return this.#version;
  }

  /**
   * Whether a CONNACK accepting the connection went out: from then on the broker may tell an
   * MQTT 5 client why it closes ([MQTT-3.14.0-1]). aedes marks a client connected only later,
   * once the session's queue was sent.
   */
  get accepted(): boolean {
    return this.#accepted;
  }

  /** The CONNECT arrived (already checked by the packet guard). */
  connecting(packet: IConnectPacket): void {
    this.#version = packet.protocolVersion ?? 4;
    if (this.#version !== 5) return;
    const p = packet.properties ?? {};
    this.#problemInformation = p.requestProblemInformation !== false;
    this.#maximumPacketSize = p.maximumPacketSize ?? 0;
    if (p.topicAliasMaximum) this.#aliases = new OutboundAliases(p.topicAliasMaximum);
    this.#outbound = new OutboundWindow(p.receiveMaximum ?? DEFAULT_RECEIVE_MAXIMUM, this.options.maxWaiting);
    this.#inbound = new InboundWindow(this.options.receiveMaximum);
  }

  /**
   * Notes why the CONNECT is refused (the CONNACK says it), and the reason code when it has no
   * 3.1.1 return code (0x9F Connection rate exceeded): aedes derives MQTT 5 codes from those.
   */
  refused(reason: string, reasonCode?: number): void {
    this.#refusal = { reason, reasonCode };
  }

  /** Notes a filter the SUBSCRIBE being handled may not have (the SUBACK says it). */
  deniedFilter(filter: string): void {
    this.#denied.push(filter);
  }

  /** Notes the positions of the filters of SUBSCRIBE `messageId` refused for a cap (SUBACK 0x97). */
  overQuota(messageId: number | undefined, positions: number[]): void {
    if (this.#version === 5 && positions.length > 0) this.#overQuota.set(messageId, positions);
  }

  /**
   * A packet from the client, after the packet guard's checks: acknowledgements free slots in
   * the outbound window. Returns the reason code to disconnect with when the packet breaks
   * the broker's Receive Maximum or uses a topic alias it may not.
   */
  incoming(packet: Packet): number | undefined {
    if (this.#version !== 5) return undefined;
    switch (packet.cmd) {
      case 'publish':
        // [MQTT-3.3.4-7] the client may not exceed the broker's Receive Maximum; section 4.13: 0x93
        if (packet.qos > 0 && !this.#inbound!.received(packet.messageId!)) return 0x93;
        return this.#aliasProblem(packet);
      case 'puback':
      case 'pubcomp':
        this.#outbound!.acknowledged(packet.messageId!);
        return undefined;
      case 'pubrec':
        // [MQTT-3.3.4-9] a PUBREC of 0x80 or more ends the QoS 2 exchange and frees its slot
        if ((packet.reasonCode ?? 0) >= FAILURE) this.#outbound!.acknowledged(packet.messageId!);
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * Writes `packet` to the client through `send` (the real encoder), shaped for what the client
   * negotiated; a QoS 1/2 PUBLISH may wait for the client's window. Returns what `send` does
   * (true when the packet waits: aedes must not wait for a drain then).
   */
  write(packet: Packet, send: (packet: Packet) => boolean): boolean {
    if (this.#ended) return true;
    if (this.#version !== 5) return send(packet);
    switch (packet.cmd) {
      case 'publish':
        return this.#publish(packet, send);
      case 'puback':
      case 'pubcomp':
        this.#inbound?.answered(packet.messageId!);
        return send(this.#explained(packet));
      case 'pubrec':
        if ((packet.reasonCode ?? 0) >= FAILURE) this.#inbound?.answered(packet.messageId!);
        return send(this.#explained(packet));
      case 'connack':
        return send(this.#connack(packet));
      case 'suback':
        return send(this.#suback(packet));
      case 'unsuback':
        return send(this.#unsuback(packet));
      case 'disconnect':
        return send(this.#explained(packet));
      default:
        return send(packet);
    }
  }

  /** The broker sent its DISCONNECT: later packets aedes writes are dropped [MQTT-3.14.4-1]. */
  end(): void {
    this.#ended = true;
  }

  /** The connection closed: messages waiting for the window are dropped from memory. */
  close(): void {
    this.#outbound?.close();
  }

  /**
   * 0x94 (Topic Alias invalid) for an alias of 0 [MQTT-3.3.2-8] or above the broker's Topic
   * Alias Maximum [MQTT-3.3.2-12], 0x82 (Protocol Error) for an empty topic with an alias never
   * set up on this connection (section 3.3.2.3.4). Checked here so the connection closes with
   * the DISCONNECT delivered (packet-guard.ts); aedes resolves the aliases.
   */
  #aliasProblem(packet: IPublishPacket): number | undefined {
    const alias = packet.properties?.topicAlias;
    if (alias === undefined) return undefined;
    if (alias < 1 || alias > this.options.topicAliasMaximum) return 0x94;
    if (packet.topic) this.#inboundAliases.add(alias);
    else if (!this.#inboundAliases.has(alias)) return 0x82;
    return undefined;
  }

  #publish(packet: IPublishPacket, send: (packet: Packet) => boolean): boolean {
    // [MQTT-3.1.2-25] a packet larger than the client's Maximum Packet Size is discarded
    // as if it had been delivered; measured with the full topic, before any alias shortens it
    // (without encoding it when it has no properties)
    if (this.#maximumPacketSize > 0 && (publishSize(packet, 5) ?? generate(packet, { protocolVersion: 5 }).length) > this.#maximumPacketSize) {
      if (packet.qos > 0) this.options.discard(packet, 'too large');
      return true;
    }
    if (packet.qos === 0) return send(this.#aliased(packet));
    // [MQTT-3.3.4-9] at most the client's Receive Maximum unacknowledged; the alias is chosen
    // when the packet really goes out, so aliases are set up in wire order
    if (!this.#outbound!.offer(packet.messageId!, () => send(this.#aliased(packet)))) this.options.discard(packet, 'window full');
    return true;
  }

  /** The packet with a topic alias when the client allows them (its properties are shared: copied). */
  #aliased(packet: IPublishPacket): IPublishPacket {
    const alias = this.#aliases?.aliasOf(packet.topic);
    if (!alias) return packet;
    if (!alias.known) this.#aliases!.sent(packet.topic, alias.alias);
    return {
      ...packet,
      topic: alias.known ? '' : packet.topic,
      properties: { ...packet.properties, topicAlias: alias.alias },
    };
  }

  #connack(packet: Extract<Packet, { cmd: 'connack' }>): Packet {
    if ((packet.reasonCode ?? 0) < FAILURE) {
      this.#accepted = true;
      // aedes announces shared subscriptions as unavailable; shared-subscriptions.ts serves
      // them, and an absent Shared Subscription Available means available (section 3.2.2.3.18)
      const { sharedSubscriptionAvailable: _unavailable, ...properties } = packet.properties ?? {};
      return { ...packet, properties };
    }
    const reasonCode = this.#refusal?.reasonCode ?? packet.reasonCode;
    const text = this.#refusal?.reason ?? reasonString(reasonCode);
    return text ? { ...packet, reasonCode, properties: { ...packet.properties, reasonString: text } } : { ...packet, reasonCode };
  }

  #suback(packet: Extract<Packet, { cmd: 'suback' }>): Packet {
    const denied = this.#denied;
    this.#denied = [];
    const overQuota = new Set(this.#overQuota.get(packet.messageId));
    this.#overQuota.delete(packet.messageId);
    // aedes answers a refused filter with 0x87 Not authorized; past a cap it is 0x97 Quota exceeded
    const answered = overQuota.size === 0 ? packet : { ...packet, granted: packet.granted.map((code, i) => (overQuota.has(i) ? QUOTA_EXCEEDED : code)) };
    if (!this.#problemInformation || !answered.granted.some((code) => typeof code === 'number' && code >= FAILURE)) return answered;
    const reasons = [];
    if (denied.length > 0) reasons.push(`Not authorized: ${denied.join(', ')}`);
    if (overQuota.size > 0) reasons.push(`${reasonString(QUOTA_EXCEEDED)}: ${overQuota.size} filters past the subscription caps`);
    const text = reasons.length > 0 ? reasons.join('; ') : reasonString(FAILURE);
    return { ...answered, properties: { ...answered.properties, reasonString: text } };
  }

  #unsuback(packet: Extract<Packet, { cmd: 'unsuback' }>): Packet {
    // mqtt-packet writes an MQTT 5 UNSUBACK's reason codes from `granted`
    const codes: unknown = Reflect.get(packet, 'granted');
    if (!this.#problemInformation || !Array.isArray(codes) || !codes.includes(0x11)) return packet;
    return { ...packet, properties: { ...packet.properties, reasonString: reasonString(0x11) } };
  }

  /** An acknowledgement or DISCONNECT with a failure code, with its Reason String added. */
  #explained<P extends Packet & { reasonCode?: number; properties?: { reasonString?: string } }>(packet: P): P {
    const code = packet.reasonCode ?? 0;
    if (code === 0 || packet.properties?.reasonString) return packet;
    // [MQTT-3.1.2-29] on packets other than DISCONNECT only if the client asked for problem information
    if (packet.cmd !== 'disconnect' && !this.#problemInformation) return packet;
    const text = reasonString(code);
    return text ? { ...packet, properties: { ...packet.properties, reasonString: text } } : packet;
  }
}
