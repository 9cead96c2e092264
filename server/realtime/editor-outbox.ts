// What the server sends to editors, within a bound per editor. socket.io keeps every packet for a
// socket until its transport can take the next batch, so an editor that stops reading (a laptop
// asleep with the tab open, a stalled network) would otherwise grow the server's memory by
// everything sent meanwhile, until the heartbeat gives up on it (about 45 s).
//
// Past MAX_QUEUED_BYTES waiting for one editor, that editor is "behind": debug messages, log lines
// and topic-explorer batches for it are dropped and counted, node statuses and deploy notices are
// kept as the latest per node, and the other editors are not affected. Once its transport takes
// the waiting packets, it gets the kept statuses and one warning saying how much it missed.
import type { Socket } from 'socket.io';
import type { EditorToServer, ServerToEditor } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import { DropCounter } from '../node-api/drop-counter.ts';
import type { EditorNamespace } from './socket.ts';

/** Bytes waiting for one editor beyond which it counts as behind (its transport holds at most one more such batch). */
export const MAX_QUEUED_BYTES = 1024 * 1024;

/** The room of the editors that are behind: broadcasts skip it. */
const BEHIND = 'behind';

type EditorSocket = Socket<EditorToServer, ServerToEditor>;
type EventArgs<K extends keyof ServerToEditor> = Parameters<ServerToEditor[K]>;

/** One editor's queue, as seen through engine.io's documented `packetCreate` and `flush` events. */
class Backlog {
  /** Bytes of the packets created since the last flush: engine.io's write buffer. */
  bytes = 0;
  behind = false;
  /** Dropped since this editor fell behind, for the warning it gets when it catches up. */
  missed = 0;
  /** Latest state per key (a node's status, the deployed rev), sent when it catches up. */
  readonly kept = new Map<string, () => void>();

  constructor(readonly socket: EditorSocket, readonly drops: DropCounter) {}

  drop(): void {
    this.missed++;
    this.drops.add();
  }
}

export class EditorOutbox {
  private readonly backlogs = new Map<string, Backlog>();
  private readonly behind = new Set<Backlog>();

  constructor(private readonly editor: EditorNamespace, private readonly log: Logger) {}

  /** Starts watching a newly connected editor's queue. */
  track(socket: EditorSocket): void {
    const drops = new DropCounter(({ dropped, total }) => {
      this.log.warn({ socket: socket.id, dropped, total }, 'editor not keeping up: debug, log and topic-explorer events dropped for it');
    });
    const backlog = new Backlog(socket, drops);
    this.backlogs.set(socket.id, backlog);
    socket.conn.on('packetCreate', (packet: { data?: unknown }) => {
      backlog.bytes += sizeOf(packet.data);
      if (!backlog.behind && backlog.bytes > MAX_QUEUED_BYTES) this.fallBehind(backlog);
    });
    // The write buffer goes to the transport, which took the previous batch: the editor reads again.
    socket.conn.on('flush', () => {
      backlog.bytes = 0;
      // Not from inside engine.io's flush: a packet written there would be flushed re-entrantly.
      if (backlog.behind) setImmediate(() => this.catchUp(backlog));
    });
    socket.on('disconnect', () => {
      this.behind.delete(backlog);
      this.backlogs.delete(socket.id);
      drops.stop();
    });
  }

  /** An event worth nothing late (debug, log): sent to every editor that keeps up, counted as dropped for the others. */
  broadcast<K extends keyof ServerToEditor>(event: K, ...args: EventArgs<K>): void {
    this.editor.except(BEHIND).emit(event, ...args);
    for (const backlog of this.behind) backlog.drop();
  }

  /** A state (a node's status): an editor that is behind gets only the latest per `key`, once it catches up. */
  broadcastState<K extends keyof ServerToEditor>(key: string, event: K, ...args: EventArgs<K>): void {
    this.editor.except(BEHIND).emit(event, ...args);
    for (const backlog of this.behind) backlog.kept.set(`${event}\0${key}`, () => backlog.socket.emit(event, ...args));
  }

  /** An event for one editor worth nothing late (a topic-explorer batch). */
  send<K extends keyof ServerToEditor>(socket: EditorSocket, event: K, ...args: EventArgs<K>): void {
    const backlog = this.backlogs.get(socket.id);
    if (backlog?.behind) backlog.drop();
    else socket.emit(event, ...args);
  }

  private fallBehind(backlog: Backlog): void {
    backlog.behind = true;
    this.behind.add(backlog);
    void backlog.socket.join(BEHIND);
  }

  private catchUp(backlog: Backlog): void {
    if (!backlog.behind || backlog.bytes > MAX_QUEUED_BYTES || !this.backlogs.has(backlog.socket.id)) return;
    backlog.behind = false;
    this.behind.delete(backlog);
    void backlog.socket.leave(BEHIND);
    for (const send of backlog.kept.values()) send();
    backlog.kept.clear();
    if (backlog.missed === 0) return;
    const message = `${backlog.missed} debug messages, log lines and topic-explorer updates were not sent to this editor while it was not keeping up`;
    backlog.missed = 0;
    backlog.socket.emit('log', { level: 'warn', message, time: Date.now() });
  }
}

/** A packet's size in the write buffer: socket.io hands engine.io encoded strings (or binary attachments). */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
