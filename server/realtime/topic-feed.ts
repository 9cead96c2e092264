// The topic explorer's live feed: each editor watches one topic filter on the built-in broker.
// Messages are coalesced to the latest per topic and sent in batches every FLUSH_MS, at most
// MAX_PER_BATCH topics per batch, so a busy topic cannot flood the browser; topics beyond that
// are counted as skipped as they come, so a flood of new topics doesn't grow the batch either.
import type { Socket } from 'socket.io';
import type { Ack, BrokerMessageEvent, EditorToServer, ServerToEditor } from '../api/contract.ts';
import { fail, type PatchbayError } from '../errors.ts';
import type { EditorRole } from '../auth/authenticator.ts';
import { plainFilterProblem } from '../node-api/mqtt-topics.ts';
import type { EditorOutbox } from './editor-outbox.ts';

const FLUSH_MS = 250;
const MAX_PER_BATCH = 200;
const PREVIEW_BYTES = 4096;

/** The part of the broker the feed needs: in-process subscriptions. */
export interface TopicSource {
  subscribe(filter: string, handler: (packet: { topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean }) => void): Promise<() => Promise<void>>;
}

type EditorSocket = Socket<EditorToServer, ServerToEditor>;

/** `$SYS/...` and other `$` topics describe the broker and its clients: admins only. */
function watchProblem(filter: string, role: EditorRole): string | undefined {
  if (filter.startsWith('$') && role !== 'admin') return 'only admins may watch $ topics ($SYS)';
  return plainFilterProblem(filter);
}

export function serveTopicFeed(socket: EditorSocket, source: TopicSource | undefined, role: EditorRole, outbox: EditorOutbox): void {
  let unsubscribe: (() => Promise<void>) | undefined;
  const pending = new Map<string, BrokerMessageEvent>();
  let skipped = 0;
  const flush = setInterval(() => {
    if (pending.size === 0 && skipped === 0) return;
    const messages = [...pending.values()];
    pending.clear();
    outbox.send(socket, 'broker:messages', { messages, skipped });
    skipped = 0;
  }, FLUSH_MS);

  const stop = async () => {
    const current = unsubscribe;
    unsubscribe = undefined;
    pending.clear();
    await current?.();
  };

  // Watch, unwatch and disconnect run one at a time: two overlapping watches would otherwise
  // both subscribe, and the first subscription would outlive the editor.
  let queue: Promise<void> = Promise.resolve();
  const inTurn = (step: () => Promise<Ack>, args: unknown[]) => {
    const ack = acknowledgement(args);
    queue = queue.then(step).then(ack, (err: Error) => ack(refusal(fail('BROKER_WATCH_FAILED', err.message))));
  };

  socket.on('broker:watch', (...args: unknown[]) => inTurn(async () => {
    const request = args[0] as { filter?: unknown } | undefined;
    if (typeof request?.filter !== 'string') return refusal(fail('BROKER_WATCH_INVALID', 'filter must be a string'));
    const filter = request.filter;
    const problem = source ? watchProblem(filter, role) : 'the built-in broker is not running';
    if (problem) return refusal(fail('BROKER_WATCH_INVALID', problem));
    if (socket.disconnected) return refusal(fail('BROKER_WATCH_FAILED', 'the editor disconnected'));
    await stop();
    unsubscribe = await source!.subscribe(filter, (packet) => {
      if (pending.has(packet.topic)) skipped++;
      else if (pending.size >= MAX_PER_BATCH) {
        skipped++;
        return;
      }
      pending.set(packet.topic, preview(packet));
    });
    return { ok: true };
  }, args));
  socket.on('broker:unwatch', (...args: unknown[]) => inTurn(async () => {
    await stop();
    return { ok: true };
  }, args));
  socket.on('disconnect', () => {
    clearInterval(flush);
    queue = queue.then(stop).catch(() => undefined); // the broker closing first has dropped the subscription already
  });
}

/** The client's acknowledgement callback (the last argument); a client that asked for none gets none. */
function acknowledgement(args: unknown[]): (reply: Ack) => void {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as (reply: Ack) => void) : () => undefined;
}

function preview(packet: { topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean }): BrokerMessageEvent {
  const head = packet.payload.subarray(0, PREVIEW_BYTES);
  const text = head.toString('utf8');
  const isText = !text.includes('\uFFFD') && !/[\u0000-\u0008\u000E-\u001F]/.test(text);
  return {
    topic: packet.topic,
    payload: isText ? text : head.toString('base64'),
    encoding: isText ? 'utf8' : 'base64',
    size: packet.payload.length,
    qos: packet.qos,
    retain: packet.retain,
    time: Date.now(),
  };
}

/** A refused request's acknowledgement, from a registered error. */
function refusal(err: PatchbayError): Ack {
  return { ok: false, code: err.code, error: err.message };
}
