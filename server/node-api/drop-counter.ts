// Counting what a bounded queue drops, and saying so without flooding the log: the first drop
// is reported at once, later ones summed and reported at most once per interval (a minute by
// default). One implementation for every bound in Patchbay: node queues, editor sockets, HTTP.
import type { NodeContext } from './node-context.ts';

/** How often drops are reported at most, by default (ms). */
export const DROP_REPORT_INTERVAL_MS = 60_000;

/**
 * One report of a {@link DropCounter}: `dropped` since the previous report, `total` since the
 * counter was made.
 *
 * @example
 * ```ts
 * const report = ({ dropped, total }: DropReport) => node.warn(`${dropped} dropped (${total} in all)`);
 * ```
 */
export interface DropReport {
  dropped: number;
  total: number;
}

/**
 * Counts dropped items and reports them: the first drop at once, then at most once per
 * `intervalMs` with the sum since the last report. Quiet when nothing is dropped (no timer
 * runs then). `stop()` reports what is still unreported; call it when the owner stops.
 *
 * @example
 * ```ts
 * const drops = new DropCounter(({ dropped, total }) => node.warn(`Queue full: ${dropped} dropped (${total} in all)`));
 * node.signal.addEventListener('abort', () => drops.stop());
 * if (queue.length >= max) { queue.shift(); drops.add(); }
 * node.status({ text: `${queue.length} queued, ${drops.total} dropped` });
 * ```
 */
export class DropCounter {
  private unreported = 0;
  private count = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly report: (report: DropReport) => void, private readonly intervalMs = DROP_REPORT_INTERVAL_MS) {}

  /** Everything dropped since the counter was made. */
  get total(): number {
    return this.count;
  }

  /** Counts `count` more dropped items (default 1). */
  add(count = 1): void {
    if (count <= 0) return;
    this.count += count;
    this.unreported += count;
    if (this.timer) return;
    this.flush();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Reports what is unreported now and stops the timer. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private tick(): void {
    if (this.unreported > 0) this.flush();
    else {
      // A quiet interval: the next drop is news again and is reported at once.
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private flush(): void {
    if (this.unreported === 0) return;
    const dropped = this.unreported;
    this.unreported = 0;
    this.report({ dropped, total: this.count });
  }
}

/**
 * A DropCounter whose reports are warnings of `node` (its log and the editor's debug sidebar),
 * `<dropped> <what>` plus the total so far; it reports the rest and stops when the node stops.
 * With `status`, each report also shows the total in the node's status (for nodes that show
 * nothing else there): at most once a minute, so a flood doesn't become a flood of statuses.
 *
 * @example
 * ```ts
 * const drops = warnDrops(node, 'message(s) dropped: the queue limit of 1000 was reached', { status: true });
 * if (queue.length >= 1000) { queue.shift(); drops.add(); }
 * ```
 */
export function warnDrops(node: Pick<NodeContext<unknown>, 'warn' | 'status' | 'signal'>, what: string, opts: { status?: boolean } = {}): DropCounter {
  const drops = new DropCounter(({ dropped, total }) => {
    node.warn(`${dropped} ${what}${total > dropped ? ` (${total} since the node started)` : ''}`);
    if (opts.status) node.status({ fill: 'yellow', shape: 'ring', text: `${total} dropped` });
  });
  node.signal.addEventListener('abort', () => drops.stop(), { once: true });
  return drops;
}
