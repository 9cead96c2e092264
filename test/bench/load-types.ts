// What side-by-side.ts and loadgen.ts exchange.

/** One load generator process: its publishers, its subscriber, and what it sends. */
export interface LoadOptions {
  url: string;
  qos: 0 | 1;
  /** Index of this generator: its topics are bench/q<qos>/in/<g> and bench/q<qos>/out/<g>. */
  generator: number;
  publishers: number;
  /** Unanswered messages per publisher at most (saturated runs): the server's speed sets the pace, not a queue. */
  window: number;
  /** Messages per second over all publishers; absent: saturated. */
  rate?: number;
  /** pipeline: publish to bench/q<qos>/in/<g>, the flow answers on bench/q<qos>/out/<g>; relay: straight to the out topic. */
  route: 'pipeline' | 'relay';
  payloadBytes: number;
}

/** Absolute times (epoch ms, high resolution) shared by every generator of one run. */
export interface Schedule {
  start: number;
  measureFrom: number;
  measureTo: number;
}

export interface LoadResult {
  sent: number;
  /** Distinct messages that came back, during the whole run. */
  received: number;
  /** Of those, received between measureFrom and measureTo. */
  measured: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Replies that were not JSON or not the transform of what was sent. */
  malformed: number;
  latencyP50: number;
  latencyP99: number;
  generatorCpuMs: number;
}
