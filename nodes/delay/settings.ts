// Turns the delay node's config into milliseconds.
import type { DelayConfig } from './schema.ts';

const MS_PER_UNIT = { milliseconds: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
const MS_PER_RATE_UNIT = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export interface DelayTimes {
  /** The fixed delay (and delayv's default). */
  delayMs: number;
  /** Random delays fall in [randomMinMs, randomMaxMs]. */
  randomMinMs: number;
  randomMaxMs: number;
  /** Time between two released messages when rate limiting: `nbRateUnits` units / `rate`. */
  intervalMs: number;
}

export function delayTimes(config: DelayConfig): DelayTimes {
  const first = config.randomFirst * MS_PER_UNIT[config.randomUnits];
  const last = config.randomLast * MS_PER_UNIT[config.randomUnits];
  return {
    delayMs: config.timeout * MS_PER_UNIT[config.timeoutUnits],
    randomMinMs: Math.min(first, last),
    randomMaxMs: Math.max(first, last),
    intervalMs: (config.nbRateUnits * MS_PER_RATE_UNIT[config.rateUnits]) / config.rate,
  };
}

/** msg.rate (ms between messages) when the config lets it override, else undefined. */
export function rateOverride(config: DelayConfig, rate: unknown): number | undefined {
  if (!config.allowrate || rate === undefined) return undefined;
  const ms = Number.parseFloat(String(rate));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
