// Who may connect, publish and subscribe. Pure policy: no aedes types here, so the
// rules are unit-tested directly (e.g. with a fake non-loopback address) and
// aedes-hooks.ts only adapts them to the broker's callbacks.
import { isLoopbackAddress } from '../auth/addresses.ts';
import { decoyHash, hashPassword, isPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { fail } from '../errors.ts';
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

/** What the policy knows about a connecting client. */
export interface ConnectAttempt {
  clientId: string;
  username?: string;
  password?: Buffer;
  /** The peer's address as the socket reports it (`::ffff:127.0.0.1`, `::1`, ...). */
  remoteAddress?: string;
  /** True when the connection came through an HTTP proxy (forwarding headers), whatever the peer address. */
  proxied?: boolean;
}

/** The verdict on a connect; `returnCode` is the CONNACK code to send ([MQTT-3.2.2-5]). */
export type ConnectVerdict =
  | { ok: true; principal: Principal }
  | { ok: false; returnCode: 4 | 5; reason: string };

/** The identity a connected client acts as, with its topic rights. */
export interface Principal {
  /** Absent for anonymous clients. */
  username?: string;
  /** Absent = unrestricted (anonymous clients and users without `acl`). */
  acl?: TopicAcl;
}

/** The access rules of one broker, built once from settings. */
export interface AccessPolicy {
  authenticate(attempt: ConnectAttempt): Promise<ConnectVerdict>;
  canPublish(principal: Principal, topic: string): boolean;
  /**
   * Whether `principal` may subscribe to `filter`. A topic name is a filter without
   * wildcards, so the same question decides whether a message may be delivered.
   */
  canSubscribe(principal: Principal, filter: string): boolean;
}

export { hashPassword, isLoopbackAddress, verifyPassword };

/**
 * Builds the access policy from settings, rejecting malformed hashes and ACL
 * patterns up front (BROKER_OPTIONS_INVALID) rather than at a client's first connect.
 *
 * @example
 * const policy = createAccessPolicy({ users: [], anonymous: 'loopback' });
 * await policy.authenticate({ clientId: 'c1', remoteAddress: '192.0.2.7' }); // { ok: false, returnCode: 5, ... }
 */
export function createAccessPolicy(opts: { users: readonly BrokerUser[]; anonymous: AnonymousPolicy }): AccessPolicy {
  const users = new Map<string, BrokerUser>();
  for (const user of opts.users) {
    validateUser(user);
    users.set(user.username, user);
  }
  // Unknown usernames are checked against this too, so a refusal takes as long
  // whether or not the user exists and timing does not reveal account names.
  const decoy = decoyHash();

  return {
    async authenticate({ username, password, remoteAddress, proxied }) {
      if (username === undefined) {
        if (opts.anonymous === 'all') return { ok: true, principal: {} };
        if (opts.anonymous === 'loopback' && !proxied && isLoopbackAddress(remoteAddress)) {
          return { ok: true, principal: {} };
        }
        return { ok: false, returnCode: 5, reason: 'anonymous not allowed from this address' };
      }
      const user = users.get(username);
      const matches = await verifyPassword(password ?? Buffer.alloc(0), user?.password ?? decoy);
      if (!user || !matches || password === undefined) {
        return { ok: false, returnCode: 4, reason: 'bad username or password' };
      }
      return { ok: true, principal: { username, acl: user.acl } };
    },
    canPublish(principal, topic) {
      if (topic.startsWith(SYS_PREFIX)) return false; // $SYS/ is written by the broker only
      if (!principal.acl) return true;
      return (principal.acl.publish ?? []).some((pattern) => filterCovers(pattern, topic));
    },
    canSubscribe(principal, filter) {
      if (!principal.acl) return true;
      return (principal.acl.subscribe ?? []).some((pattern) => filterCovers(pattern, filter));
    },
  };
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
