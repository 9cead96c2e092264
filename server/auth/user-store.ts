// The accounts file, <dataDir>/users.json (owner-only): users with a role and a scrypt hash,
// and long-lived script tokens (only their hashes). Written by the `patchbay users` and
// `patchbay token` commands and by the server; the server re-reads it when it changes, so a
// token revoked from the command line stops working at once.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fail } from '../errors.ts';
import { errorMessage } from '../api/shared.ts';
import { isPlainObject } from '../plain-object.ts';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { hashPassword, isPasswordHash } from './passwords.ts';

/**
 * admin: everything; viewer: read flows, see debug and devices, no deploy, publish or inject;
 * mqtt: a broker account only (devices, scripts), no editor.
 */
export const ROLES = ['admin', 'viewer', 'mqtt'] as const;
export type Role = (typeof ROLES)[number];

/** Topic patterns (with `+`/`#`) an MQTT account may publish to and subscribe to. */
export interface TopicAcl {
  publish?: string[];
  subscribe?: string[];
}

export interface UserRecord {
  username: string;
  role: Role;
  /** A hash from hashPassword; null until a password is set (a fresh admin logs in by link). */
  password: string | null;
  /** MQTT rights; absent = the role's defaults. */
  acl?: TopicAcl;
}

export interface TokenRecord {
  id: string;
  /** What the token is for, as its creator named it ("backup script"). */
  name: string;
  username: string;
  /** SHA-256 of the whole token; the token itself is shown once, at creation. */
  hash: string;
  created: string;
}

interface UsersFile {
  format: 'patchbay-users';
  version: 1;
  users: UserRecord[];
  tokens: TokenRecord[];
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const MIN_PASSWORD_LENGTH = 8;

/** The hash a token or session secret is stored and looked up by. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class UserStore {
  /**
   * Changes and re-reads run one at a time: a re-read that overlapped a change could finish
   * after it with the file's older content and bring back a token that was just revoked.
   */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly file: string, private data: UsersFile) {}

  /** Reads the accounts file; a missing one is an empty store (nothing is written until a change). */
  static async open(file: string): Promise<UserStore> {
    return new UserStore(file, await readUsersFile(file));
  }

  /** Re-reads the file (after another process changed it). */
  reload(): Promise<void> {
    return this.serially(async () => {
      this.data = await readUsersFile(this.file);
    });
  }

  get users(): readonly UserRecord[] {
    return this.data.users;
  }

  get tokens(): readonly TokenRecord[] {
    return this.data.tokens;
  }

  user(username: string): UserRecord | undefined {
    return this.data.users.find((u) => u.username === username);
  }

  addUser(username: string, role: Role, password: string | null, acl?: TopicAcl): Promise<void> {
    return this.serially(async () => {
      if (!USERNAME.test(username)) throw fail('AUTH_USERNAME_INVALID', username);
      if (this.user(username)) throw fail('AUTH_USER_EXISTS', username);
      const record: UserRecord = { username, role, password: password === null ? null : await hashed(password) };
      if (acl) record.acl = acl;
      this.data.users.push(record);
      await this.save();
    });
  }

  setPassword(username: string, password: string): Promise<void> {
    return this.serially(async () => {
      const user = this.requireUser(username);
      user.password = await hashed(password);
      await this.save();
    });
  }

  /** Removes a user and every token they own. */
  removeUser(username: string): Promise<void> {
    return this.serially(async () => {
      this.requireUser(username);
      this.data.users = this.data.users.filter((u) => u.username !== username);
      this.data.tokens = this.data.tokens.filter((t) => t.username !== username);
      await this.save();
    });
  }

  /** Creates a long-lived token acting as `username`; returns it (shown once) and its id. */
  createToken(username: string, name: string): Promise<{ id: string; token: string }> {
    return this.serially(async () => {
      this.requireUser(username);
      const id = randomBytes(6).toString('hex');
      const token = `pbt_${id}_${randomBytes(24).toString('base64url')}`;
      this.data.tokens.push({ id, name, username, hash: secretHash(token), created: new Date().toISOString() });
      await this.save();
      return { id, token };
    });
  }

  revokeToken(id: string): Promise<void> {
    return this.serially(async () => {
      if (!this.data.tokens.some((t) => t.id === id)) throw fail('AUTH_TOKEN_UNKNOWN', id);
      this.data.tokens = this.data.tokens.filter((t) => t.id !== id);
      await this.save();
    });
  }

  /** The token record a presented token belongs to, if it is still valid. */
  tokenFor(token: string): TokenRecord | undefined {
    const hash = secretHash(token);
    return this.data.tokens.find((t) => t.hash === hash);
  }

  private requireUser(username: string): UserRecord {
    const user = this.user(username);
    if (!user) throw fail('AUTH_USER_UNKNOWN', username);
    return user;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, 0o600);
  }
}

async function hashed(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw fail('AUTH_PASSWORD_WEAK', MIN_PASSWORD_LENGTH);
  return hashPassword(password);
}

async function readUsersFile(file: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'patchbay-users', version: 1, users: [], tokens: [] };
    throw fail('AUTH_USERS_FILE_INVALID', file, errorMessage(err));
  }
  try {
    return checkUsersFile(JSON.parse(text));
  } catch (err) {
    throw fail('AUTH_USERS_FILE_INVALID', file, errorMessage(err));
  }
}

/** The file's content, checked field by field: a hand edit gets a message naming what is wrong. */
function checkUsersFile(value: unknown): UsersFile {
  if (!isPlainObject(value) || value.format !== 'patchbay-users') throw new Error('not a patchbay-users file');
  const users = Array.isArray(value.users) ? value.users : [];
  const tokens = Array.isArray(value.tokens) ? value.tokens : [];
  return {
    format: 'patchbay-users',
    version: 1,
    users: users.map((user: unknown, i) => {
      if (!isPlainObject(user) || typeof user.username !== 'string') throw new Error(`users[${i}] needs a username`);
      if (!ROLES.includes(user.role as Role)) throw new Error(`users[${i}].role must be one of ${ROLES.join(', ')}`);
      if (user.password !== null && !(typeof user.password === 'string' && isPasswordHash(user.password))) {
        throw new Error(`users[${i}].password must be a scrypt hash or null`);
      }
      const record: UserRecord = { username: user.username, role: user.role as Role, password: user.password };
      if (user.acl !== undefined) record.acl = checkAcl(user.acl, `users[${i}].acl`);
      return record;
    }),
    tokens: tokens.map((token: unknown, i) => {
      if (!isPlainObject(token) || typeof token.id !== 'string' || typeof token.hash !== 'string' || typeof token.username !== 'string') {
        throw new Error(`tokens[${i}] needs an id, a username and a hash`);
      }
      return { id: token.id, name: String(token.name ?? ''), username: token.username, hash: token.hash, created: String(token.created ?? '') };
    }),
  };
}

function checkAcl(value: unknown, where: string): TopicAcl {
  if (!isPlainObject(value)) throw new Error(`${where} must be an object with publish and subscribe lists`);
  const acl: TopicAcl = {};
  for (const direction of ['publish', 'subscribe'] as const) {
    const patterns = value[direction];
    if (patterns === undefined) continue;
    if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string')) throw new Error(`${where}.${direction} must be a list of topic patterns`);
    acl[direction] = patterns;
  }
  return acl;
}
