// A minimal MQTT 3.1.1 client for the bench's load generator only, so that the generator costs
// a few µs per message instead of mqtt.js's stream machinery, parser and per-packet objects and
// the server under test sets the pace. It does just what the generator needs: CONNECT, one
// SUBSCRIBE, PUBLISH QoS 0/1 out as pre-built Buffers, PUBLISH in (PUBACK back for QoS 1),
// DISCONNECT. No keepalive (runs last seconds), no reconnect, no session. Any error, a
// refused CONNACK or SUBACK or a connection the server drops fails loudly: a bench figure
// measured over a half-broken connection would be a lie.
import { connect as connectTcp, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { encodePublish } from '../../server/broker/publish-encoder.ts';

// First bytes of the packets read (type, and flags where fixed)
const CONNACK = 0x20;
const PUBLISH = 0x30;
const PUBACK = 0x40;
const SUBACK = 0x90;

export class LeanMqtt {
  /** Called once per socket read with the payloads of every PUBLISH completed by it, in order. */
  onMessages: (payloads: Buffer[]) => void = () => {};
  private pending: Buffer | undefined;
  private nextPacketId = 1;
  private ending = false;
  private awaiting: { type: number; resolve: (body: Buffer) => void } | undefined;

  private constructor(private readonly socket: Socket, private readonly name: string, private readonly fail: (error: Error) => void) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => this.fail(new Error(`MQTT ${name}: ${error.message}`)));
    socket.on('close', () => {
      if (!this.ending) this.fail(new Error(`MQTT ${name}: the server closed the connection`));
    });
  }

  /**
   * Connects as `clientId` (clean session, no keepalive). Once connected, any failure goes to
   * `fail`; by default it is thrown, which ends the generator with the message on stderr.
   */
  static async connect(url: string, clientId: string, fail: (error: Error) => void = (error) => { throw error; }): Promise<LeanMqtt> {
    const { hostname, port } = new URL(url);
    const socket = connectTcp({ host: hostname, port: Number(port || 1883), noDelay: true });
    let connecting: ((error: Error) => void) | undefined;
    const client = new LeanMqtt(socket, clientId, (error) => (connecting ?? fail)(error));
    const connack = await new Promise<Buffer>((resolve, reject) => {
      // a failed connect is the caller's rejection only: the socket's later 'close' must not fail again
      connecting = (error) => {
        client.close();
        reject(error);
      };
      client.awaiting = { type: CONNACK, resolve };
      socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId }));
    });
    if (connack[1] !== 0) {
      client.close();
      throw new Error(`MQTT ${clientId}: CONNACK refused the connection (return code ${connack[1]})`);
    }
    connecting = undefined;
    return client;
  }

  async subscribe(topic: string, qos: 0 | 1): Promise<void> {
    const suback = await new Promise<Buffer>((resolve) => {
      this.awaiting = { type: SUBACK, resolve };
      this.socket.write(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }] }));
    });
    if (suback[2] === 0x80) throw new Error(`MQTT ${this.name}: SUBACK refused the subscription to ${topic}`);
  }

  /** Publishes every payload to `topic` in order, as one write (each packet made by the broker's own encoder). */
  publish(topic: string, payloads: string[], qos: 0 | 1): void {
    const packets = payloads.map((payload) => {
      const messageId = qos === 1 ? this.nextPacketId : undefined;
      if (qos === 1) this.nextPacketId = (this.nextPacketId % 0xffff) + 1; // 1..65535: 0 is not a packet id
      return encodePublish({ cmd: 'publish', topic, payload, qos, messageId, retain: false, dup: false }, 4)!;
    });
    this.socket.write(Buffer.concat(packets));
  }

  /** DISCONNECT, then waits for the server to close. */
  async end(): Promise<void> {
    this.ending = true;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
    await closed;
  }

  private close(): void {
    this.ending = true;
    this.socket.destroy();
  }

  /** Splits the stream into packets: a read may hold several, and a packet may span reads. */
  private read(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    const payloads: Buffer[] = [];
    const pubacks: number[] = [];
    let offset = 0;
    while (offset < data.length) {
      let length = 0;
      let at = offset + 1;
      let complete = false;
      for (let shift = 0; shift < 28 && at < data.length; shift += 7) {
        const digit = data[at++]!;
        length += (digit & 0x7f) * 2 ** shift;
        if (digit < 0x80) { complete = true; break; }
      }
      if (!complete && at - offset > 4) return this.fail(new Error(`MQTT ${this.name}: malformed remaining length`));
      if (!complete || at + length > data.length) break;
      const first = data[offset]!;
      const body = data.subarray(at, at + length);
      offset = at + length;
      if ((first & 0xf0) === PUBLISH) {
        const qos = (first >> 1) & 3;
        const topicEnd = 2 + body.readUInt16BE(0);
        if (qos > 0) pubacks.push(body.readUInt16BE(topicEnd));
        payloads.push(body.subarray(topicEnd + (qos > 0 ? 2 : 0)));
      } else if (first === PUBACK) {
        // replies to our QoS 1 publishes: the generator counts answers on its subscriber instead
      } else if (this.awaiting?.type === first) {
        const { resolve } = this.awaiting;
        this.awaiting = undefined;
        resolve(body);
      } else {
        return this.fail(new Error(`MQTT ${this.name}: unexpected packet type 0x${first.toString(16)}`));
      }
    }
    if (offset < data.length) this.pending = data.subarray(offset);
    if (pubacks.length > 0) this.acknowledge(pubacks);
    if (payloads.length > 0) this.onMessages(payloads);
  }

  private acknowledge(packetIds: number[]): void {
    const out = Buffer.allocUnsafe(4 * packetIds.length);
    packetIds.forEach((id, i) => {
      out[4 * i] = PUBACK;
      out[4 * i + 1] = 2;
      out.writeUInt16BE(id, 4 * i + 2);
    });
    this.socket.write(out);
  }
}
