// Dead-band and narrow-band tests of the filter node.
import { NodeConfigError } from '#node-api';

export type BandFunc = 'deadband' | 'deadbandEq' | 'narrowband' | 'narrowbandEq';

/** The gap: an absolute amount, or a percentage of the value compared with. */
export interface Gap {
  amount: number;
  percent: boolean;
}

/** Parses "10" or "10%"; an empty gap is 0. */
export function parseGap(text: string, configPath: string): Gap {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const number = percent ? trimmed.slice(0, -1).trim() : trimmed;
  const amount = number === '' ? 0 : Number(number);
  if (!Number.isFinite(amount) || amount < 0 || (percent && number === '')) {
    throw new NodeConfigError(`"${text}" is not a gap: use a number like 10 or a percentage like 5%`, configPath);
  }
  return { amount, percent };
}

/**
 * Whether `value` passes, compared with `reference`:
 * deadband passes a change greater than the gap, deadbandEq one greater or equal;
 * narrowband passes a change up to the gap, narrowbandEq one less than the gap.
 */
export function passes(func: BandFunc, value: number, reference: number, gap: Gap): boolean {
  const limit = gap.percent ? Math.abs((reference * gap.amount) / 100) : gap.amount;
  const change = Math.abs(value - reference);
  switch (func) {
    case 'deadband': return change > limit;
    case 'deadbandEq': return change >= limit;
    case 'narrowband': return change <= limit;
    case 'narrowbandEq': return change < limit;
  }
}
