// Who may connect, publish and subscribe: anonymous clients by address and Origin, accounts
// (settings `mqtt.users`, then Patchbay's accounts by role) by password with guessing slowed per
// address, topic ACLs, `$SYS` for admins. Pure policy: no aedes types here, so the rules are
// unit-tested directly (e.g. with a fake non-loopback address) and aedes-hooks.ts only adapts
// them to the broker's callbacks.
import { isLoopbackAddress } from '../auth/addresses.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from '../auth/login-limiter.ts';
import { decoyHash, hashPassword, isPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { fail, type ErrorCode } from '../errors.ts';
import { plainFilterProblem } from '../node-api/mqtt-topics.ts';
import { filterCovers, SYS_PREFIX } from './topics.ts';

/** Topic patterns (with `+`/`#`) a user may publish to and subscribe to. */
export interface TopicAcl {
  /** Topics the user may publish to; absent = none. */
  publish?: string[];
  /** Filters the user may subscribe to (a filter must lie inside one of them); absent = none. */
  subscribe?: string[];
}

/** A broker account, from settings. */
export interface BrokerUser {
  username: string;
  /** A hash made by {@link hashPassword} (`scrypt$<saltB64>$<hashB64>`), never the plain password. */
  password: string;
  /** Absent = may publish and subscribe anywhere except `$SYS/` writes. */
  acl?: TopicAcl;
}

/** Which clients without a username are let in: loopback only (Mosquitto 2's default), all, or none. */
export type AnonymousPolicy = 'loopback' | 'all' | 'none';

/** A role of Patchbay's accounts; what each may do over MQTT is decided here (README, Security). */
export type AccountRole = 'admin' | 'viewer' | 'mqtt';

/** A Patchbay account (`users.json` or settings `users`), looked up at each CONNECT. */
export interface BrokerAccount {
  username: string;
  role: AccountRole;
  /** A hash from {@link hashPassword}; null until a password is set (no MQTT login then). */
  password: string | null;
  /** Absent = may publish and subscribe anywhere except `$SYS/` writes. */
  acl?: TopicAcl;
}

/** Accounts kept outside the broker's own settings (Patchbay's accounts file), read live. */
export interface AccountDirectory {
  find(username: string): BrokerAccount | undefined;
  /** Runs `listener` whenever the accounts changed; returns the function that stops it. */
  onChange(listener: () => void): () => void;
}

/** What the policy knows about a connecting client. */
export interface ConnectAttempt {
  clientId: string;
  username?: string;
  password?: Buffer;
  /** The peer's address as the socket reports it (`::ffff:127.0.0.1`, `::1`, ...). */
  remoteAddress?: string;
  /** True when the connection came through an HTTP proxy (forwarding headers), whatever the peer address. */
  proxied?: boolean;
  /** The `Origin` of a WebSocket upgrade: only browsers send one, for the page that opened it. */
  origin?: string;
}

/** A refusal: `returnCode` is the CONNACK code ([MQTT-3.2.2-5]); MQTT 5 clients get `reasonCode` when set. */
export interface ConnectRefusal {
  ok: false;
  returnCode: 4 | 5;
  reasonCode?: number;
  /** The error code (server/errors.ts) and its message, for the log and the Reason String. */
  code: ErrorCode;
  reason: string;
}

/** The verdict on a connect. */
export type ConnectVerdict = { ok: true; principal: Principal } | ConnectRefusal;

/** The identity a connected client acts as, with its topic rights. */
export interface Principal {
  /** Absent for anonymous clients. */
  username?: string;
  /** Absent = unrestricted (anonymous clients and accounts without `acl`). */
  acl?: TopicAcl;
  /** May subscribe to `$SYS/` (admins only). */
  readsSys: boolean;
  /** The directory account it logged in as, checked again when the accounts change. */
  account?: BrokerAccount;
}

/** The access rules of one broker, built once from settings. */
export interface AccessPolicy {
  authenticate(attempt: ConnectAttempt): Promise<ConnectVerdict>;
  /** The rights of a connected `principal` after the accounts changed, or why it must go. */
  recheck(principal: Principal): { ok: true; principal: Principal } | { ok: false; code: ErrorCode; reason: string };
  canPublish(principal: Principal, topic: string): boolean;
  /**
   * Whether `principal` may subscribe to `filter`. A topic name is a filter without
   * wildcards, so the same question decides whether a message may be delivered.
   */
  canSubscribe(principal: Principal, filter: string): boolean;
}

/** What {@link createAccessPolicy} builds the rules from. */
export interface AccessOptions {
  /** Broker accounts from settings (`mqtt.users`): the role `mqtt`, checked before `accounts`. */
  users: readonly BrokerUser[];
  anonymous: AnonymousPolicy;
  /** Let anonymous clients in over WebSocket from web pages (requests with an `Origin`). */
  allowAnonymousWebSocket?: boolean;
  accounts?: AccountDirectory;
  /** Failed logins allowed per client address (the HTTP login's policy by default). */
  loginLimits?: LoginLimits;
  /** The clock of the login limiter, ms. */
  now?: () => number;
}

/** MQTT 5 CONNACK 0x9F, Connection rate exceeded (section 3.2.2.2). */
const CONNECTION_RATE_EXCEEDED = 0x9f;

export { hashPassword, isLoopbackAddress, verifyPassword };

/**
 * Builds the access policy from settings, rejecting malformed hashes and ACL
 * patterns up front (BROKER_OPTIONS_INVALID) rather than at a client's first connect.
 *
 * @example
 * const policy = createAccessPolicy({ users: [], anonymous: 'loopback' });
 * await policy.authenticate({ clientId: 'c1', remoteAddress: '192.0.2.7' }); // { ok: false, returnCode: 5, ... }
 */
export function createAccessPolicy(opts: AccessOptions): AccessPolicy {
  const users = new Map<string, BrokerAccount>();
  for (const user of opts.users) {
    validateUser(user);
    users.set(user.username, { ...user, role: 'mqtt' });
  }
  const find = (username: string) => users.get(username) ?? opts.accounts?.find(username);
  // Per client address only: a limit per user name would let anyone lock a device out of
  // its own account by guessing at it.
  const limiter = new LoginLimiter({ ...(opts.loginLimits ?? DEFAULT_LOGIN_LIMITS), perUser: Number.POSITIVE_INFINITY });
  const now = opts.now ?? Date.now;
  // Unknown usernames are checked against this too, so a refusal takes as long
  // whether or not the user exists and timing does not reveal account names.
  const decoy = decoyHash();

  return {
    async authenticate(attempt) {
      const { username, password } = attempt;
      if (username === undefined) return anonymousVerdict(attempt, opts);
      const address = attempt.remoteAddress ?? 'an unknown address';
      const wait = limiter.retryAfter(address, username, now());
      // refused before the password is looked at, so guessing gets no answer at all
      if (wait > 0) return refusal(5, 'BROKER_LOGIN_RATE_LIMITED', [address, wait], CONNECTION_RATE_EXCEEDED);
      const account = find(username);
      const matches = await verifyPassword(password ?? Buffer.alloc(0), account?.password ?? decoy);
      if (!account || !matches || password === undefined) {
        limiter.recordFailure(address, username, now());
        return refusal(4, 'BROKER_LOGIN_FAILED', []);
      }
      if (account.role === 'viewer') return refusal(5, 'BROKER_ROLE_REFUSED', [username]);
      return { ok: true, principal: principalOf(account, account !== users.get(username)) };
    },
    recheck(principal) {
      const before = principal.account;
      if (!before) return { ok: true, principal }; // anonymous, or an account from settings: fixed
      const after = find(before.username);
      if (!after || after.password !== before.password || after.role === 'viewer') {
        return { ok: false, code: 'BROKER_ACCOUNT_CHANGED', reason: fail('BROKER_ACCOUNT_CHANGED', before.username, changeOf(after, before)).message };
      }
      return { ok: true, principal: principalOf(after, true) };
    },
    canPublish(principal, topic) {
      if (topic.startsWith(SYS_PREFIX)) return false; // $SYS/ is written by the broker only
      if (!principal.acl) return true;
      return (principal.acl.publish ?? []).some((pattern) => filterCovers(pattern, topic));
    },
    canSubscribe(principal, filter) {
      if (isSysFilter(filter) && !principal.readsSys) return false; // the broker's own state: admins only
      if (!principal.acl) return true;
      return (principal.acl.subscribe ?? []).some((pattern) => filterCovers(pattern, filter));
    },
  };
}

function anonymousVerdict(attempt: ConnectAttempt, opts: AccessOptions): ConnectVerdict {
  // A web page's script can open ws://127.0.0.1 too: loopback says nothing about who is asking.
  if (attempt.origin !== undefined && !opts.allowAnonymousWebSocket) return refusal(5, 'BROKER_ANONYMOUS_BROWSER', [attempt.origin]);
  const local = !attempt.proxied && isLoopbackAddress(attempt.remoteAddress);
  if (opts.anonymous === 'all' || (opts.anonymous === 'loopback' && local)) return { ok: true, principal: { readsSys: false } };
  return refusal(5, 'BROKER_ANONYMOUS_REFUSED', [attempt.proxied ? 'behind a proxy' : attempt.remoteAddress ?? 'an unknown address', opts.anonymous]);
}

/** What happened to an account that may no longer stay connected. */
function changeOf(after: BrokerAccount | undefined, before: BrokerAccount): string {
  if (!after) return 'was removed';
  return after.password !== before.password ? 'has a new password' : 'is a viewer now';
}

function refusal(returnCode: 4 | 5, code: ErrorCode, args: unknown[], reasonCode?: number): ConnectRefusal {
  return { ok: false, returnCode, code, reason: fail(code, ...args).message, ...(reasonCode === undefined ? {} : { reasonCode }) };
}

function principalOf(account: BrokerAccount, fromDirectory: boolean): Principal {
  return {
    username: account.username,
    readsSys: account.role === 'admin',
    ...(account.acl ? { acl: account.acl } : {}),
    ...(fromDirectory ? { account } : {}),
  };
}

/** `$SYS` itself and everything below it; filters starting with a wildcard never match them ([MQTT-4.7.2-1]). */
function isSysFilter(filter: string): boolean {
  return filter === '$SYS' || filter.startsWith(SYS_PREFIX);
}

function validateUser(user: BrokerUser): void {
  const where = `users[${JSON.stringify(user.username)}]`;
  if (!user.username) throw fail('BROKER_OPTIONS_INVALID', 'users', 'a user has an empty username');
  if (!isPasswordHash(user.password)) {
    throw fail('BROKER_OPTIONS_INVALID', `${where}.password`, 'expected a hash scrypt$<salt>$<hash> from hashPassword()');
  }
  for (const direction of ['publish', 'subscribe'] as const) {
    for (const pattern of user.acl?.[direction] ?? []) {
      const problem = plainFilterProblem(pattern);
      if (problem) throw fail('BROKER_OPTIONS_INVALID', `${where}.acl.${direction}`, `"${pattern}" ${problem}`);
    }
  }
}
