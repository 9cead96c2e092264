// A minimal MQTT 3.1.1 client for the bench's load generator only, so that the generator costs
// a few µs per message instead of mqtt.js's stream machinery, parser and per-packet objects and
// the server under test sets the pace. It does just what the generator needs: CONNECT, one
// SUBSCRIBE, PUBLISH QoS 0/1 out as pre-built Buffers, PUBLISH in (PUBACK back for QoS 1),
// DISCONNECT. No keepalive (runs last seconds), no reconnect, no session. Any error, a
// refused CONNACK or SUBACK or a connection the server drops fails loudly: a bench figure
// measured over a half-broken connection would be a lie.
import { connect as connectTcp, type Socket } from 'node:net';

const CONNECT = 0x10;
const CONNACK = 0x20;
const PUBLISH = 0x30;
const PUBACK = 0x40;
const SUBSCRIBE = 0x82; // reserved flag bits 0010, as 3.1.1 requires
const SUBACK = 0x90;
const DISCONNECT = Buffer.from([0xe0, 0x00]);

/** Bytes of the remaining-length varint for `length` (3.1.1: at most 4). */
function varintBytes(length: number): number {
  return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : 4;
}

function writeVarint(buffer: Buffer, offset: number, length: number): number {
  do {
    const digit = length & 0x7f;
    length >>>= 7;
    buffer[offset++] = length > 0 ? digit | 0x80 : digit;
  } while (length > 0);
  return offset;
}

/** A packet: first byte, remaining-length varint, then `body`. */
function packet(first: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + varintBytes(body.length) + body.length);
  out[0] = first;
  body.copy(out, writeVarint(out, 1, body.length));
  return out;
}

function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text);
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

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
      // protocol name "MQTT", level 4, flags: clean session; keepalive 0; client id
      socket.write(packet(CONNECT, Buffer.concat([utf8Field('MQTT'), Buffer.from([4, 0x02, 0, 0]), utf8Field(clientId)])));
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
      this.socket.write(packet(SUBSCRIBE, Buffer.concat([Buffer.from([0, 1]), utf8Field(topic), Buffer.from([qos])])));
    });
    if (suback[2] === 0x80) throw new Error(`MQTT ${this.name}: SUBACK refused the subscription to ${topic}`);
  }

  /** Publishes every payload to `topic` in order, as one write (the packets built in one Buffer). */
  publish(topic: Buffer, payloads: string[], qos: 0 | 1): void {
    const idBytes = qos === 0 ? 0 : 2;
    const lengths = payloads.map((payload) => Buffer.byteLength(payload));
    let size = 0;
    for (const length of lengths) {
      const remaining = 2 + topic.length + idBytes + length;
      size += 1 + varintBytes(remaining) + remaining;
    }
    const out = Buffer.allocUnsafe(size);
    let offset = 0;
    payloads.forEach((payload, i) => {
      out[offset] = PUBLISH | (qos << 1);
      offset = writeVarint(out, offset + 1, 2 + topic.length + idBytes + lengths[i]!);
      offset = out.writeUInt16BE(topic.length, offset);
      offset += topic.copy(out, offset);
      if (qos === 1) {
        offset = out.writeUInt16BE(this.nextPacketId, offset);
        this.nextPacketId = (this.nextPacketId % 0xffff) + 1; // 1..65535: 0 is not a packet id
      }
      offset += out.write(payload, offset);
    });
    this.socket.write(out);
  }

  /** DISCONNECT, then waits for the server to close. */
  async end(): Promise<void> {
    this.ending = true;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.end(DISCONNECT);
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
