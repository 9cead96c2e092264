// Timers that may run longer than setTimeout's limit (2^31-1 ms, about 24.8 days): Node fires
// longer timeouts after 1 ms, which would turn "wait 30 days" into "now".
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timer from setLongTimeout or setLongInterval.
 *
 * @example
 * ```ts
 * const timer: Timer = setLongTimeout(ms, fire);
 * node.signal.addEventListener('abort', () => timer.cancel());
 * ```
 */
export interface Timer {
  cancel(): void;
}

/**
 * Calls `fn` once after `ms`.
 *
 * @example
 * ```ts
 * const timer = setLongTimeout(30 * 86_400_000, () => node.send({ payload: 'a month later' }));
 * node.signal.addEventListener('abort', () => timer.cancel());
 * ```
 */
export function setLongTimeout(ms: number, fn: () => void): Timer {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    handle = setTimeout(() => (remaining > MAX_TIMEOUT_MS ? arm(remaining - MAX_TIMEOUT_MS) : fn()), Math.min(remaining, MAX_TIMEOUT_MS));
  };
  arm(Math.max(0, ms));
  return { cancel: () => clearTimeout(handle) };
}

/**
 * Calls `fn` every `ms` until cancelled.
 *
 * @example
 * ```ts
 * const timer = setLongInterval(60_000, () => node.send({ payload: Date.now() }));
 * ```
 */
export function setLongInterval(ms: number, fn: () => void): Timer {
  if (ms <= MAX_TIMEOUT_MS) {
    const handle = setInterval(fn, Math.max(1, ms));
    return { cancel: () => clearInterval(handle) };
  }
  let current: Timer;
  const next = () => { current = setLongTimeout(ms, () => { next(); fn(); }); };
  next();
  return { cancel: () => current.cancel() };
}
