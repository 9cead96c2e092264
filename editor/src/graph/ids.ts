// Node-RED style ids: 16 hex characters, random, so two editors never collide.
import type { IdGenerator } from './types.ts';

/** A new random 16-hex-digit id. */
export const randomId: IdGenerator = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
