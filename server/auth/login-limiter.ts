// Slows password guessing: failed logins are counted per client address and per username over
// a sliding window; past the limit, logins from that client (or for that user) are refused
// until the oldest failure leaves the window. Successes are not counted.

export interface LoginLimits {
  /** Failed attempts allowed per window from one client address. */
  perClient: number;
  /** Failed attempts allowed per window for one username, from anywhere. */
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perClient: 10, perUser: 20, windowMs: 60_000 };

/** At most this many keys are tracked, so a flood of made-up usernames can't grow memory. */
const MAX_KEYS = 10_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Seconds until a login from `client` for `username` may be tried again; 0 = now. */
  retryAfter(client: string, username: string, now = Date.now()): number {
    const waits = [
      this.wait(`client:${client}`, this.limits.perClient, now),
      this.wait(`user:${username}`, this.limits.perUser, now),
    ];
    return Math.ceil(Math.max(...waits) / 1000);
  }

  recordFailure(client: string, username: string, now = Date.now()): void {
    for (const key of [`client:${client}`, `user:${username}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.delete(key); // re-inserted last: the map's order is oldest-first for eviction
      this.failures.set(key, list);
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  private wait(key: string, limit: number, now: number): number {
    const list = this.recent(key, now);
    return list.length < limit ? 0 : list[list.length - limit]! + this.limits.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
  }
}
