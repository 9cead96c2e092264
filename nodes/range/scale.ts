// The range node's arithmetic: map a number from the input range onto the output range.

export type RangeAction = 'scale' | 'clamp' | 'roll' | 'drop';

export interface Ranges {
  minin: number;
  maxin: number;
  minout: number;
  maxout: number;
}

/**
 * Maps `n` linearly from [minin, maxin] to [minout, maxout]. `clamp` first limits `n` to the
 * input range, `roll` wraps it into the input range (so the result wraps inside the output
 * range), `drop` returns undefined for a number outside the input range. Either range may
 * be reversed (minin > maxin) to invert the mapping.
 */
export function scale(n: number, action: RangeAction, r: Ranges): number | undefined {
  const low = Math.min(r.minin, r.maxin);
  const high = Math.max(r.minin, r.maxin);
  let x = n;
  if (action === 'drop' && (x < low || x > high)) return undefined;
  if (action === 'clamp') x = Math.min(Math.max(x, low), high);
  if (action === 'roll') {
    const span = r.maxin - r.minin;
    x = (((x - r.minin) % span) + span) % span + r.minin;
  }
  return ((x - r.minin) / (r.maxin - r.minin)) * (r.maxout - r.minout) + r.minout;
}
