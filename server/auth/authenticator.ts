// Who is making a request: accounts (the accounts file plus any users in settings), login
// sessions, script tokens and one-time login links, behind one object that the HTTP layer, the
// realtime layer and the CLI's start-up share.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fail, failWith } from '../errors.ts';
import type { Logger } from '../log.ts';
import { LoginLimiter, type LoginLimits } from './login-limiter.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { Sessions } from './sessions.ts';
import { secretHash, UserStore, type Role, type TokenRecord, type UserRecord } from './user-store.ts';

/** The roles that may use the editor and the API (`mqtt` accounts are for the broker only). */
export type EditorRole = Exclude<Role, 'mqtt'>;

/** Who a request acts as. `credential` is the token it presented (absent when auth is off). */
export interface Principal {
  user: string;
  role: EditorRole;
  credential?: string;
}

/** What a route or socket event needs: nothing, an editor account (viewer or admin), or an admin. */
export type Access = 'public' | 'viewer' | 'admin';

export function allows(role: EditorRole, access: Access): boolean {
  if (access === 'public') return true;
  if (access === 'viewer') return role === 'admin' || role === 'viewer';
  return role === 'admin';
}

export interface AuthOptions {
  /** false: every request acts as the local admin (loopback only, checked at start). */
  enabled: boolean;
  usersFile: string;
  sessionsFile: string;
  /** Accounts from settings.json, read-only beside the accounts file. */
  settingsUsers: readonly UserRecord[];
  /** PATCHBAY_ADMIN_PASSWORD: the admin's password while the admin has none. */
  adminPassword?: string;
  sessionLifetimeMs: number;
  loginLimits?: LoginLimits;
  log: Logger;
}

/** How long a one-time login link stays valid (ms). */
const LINK_LIFETIME_MS = 24 * 3600_000;

const LOCAL_ADMIN: Principal = { user: 'local', role: 'admin' };

export class Authenticator {
  /** Emits `changed` when accounts, tokens or sessions change, so open sockets are re-checked. */
  readonly events = new EventEmitter<{ changed: [] }>();
  private readonly limiter: LoginLimiter;
  private readonly links = new Map<string, number>();
  private readonly decoy = decoyHash();
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;

  private constructor(private readonly opts: AuthOptions, private readonly store: UserStore, private readonly sessions: Sessions) {
    this.limiter = new LoginLimiter(opts.loginLimits);
  }

  /**
   * Opens the accounts. With auth on and no admin account anywhere (a first start), creates
   * `admin` (with PATCHBAY_ADMIN_PASSWORD if set, else without a password: see loginLink).
   */
  static async open(opts: AuthOptions): Promise<Authenticator> {
    const store = await UserStore.open(opts.usersFile);
    const auth = new Authenticator(opts, store, await Sessions.open(opts.sessionsFile, opts.sessionLifetimeMs));
    if (opts.enabled) await auth.ensureAdmin();
    return auth;
  }

  get enabled(): boolean {
    return this.opts.enabled;
  }

  /** Whether some account can log in with a password (the start-up binding rules ask). */
  get hasPasswordUsers(): boolean {
    return this.accounts().some((u) => u.password !== null && u.role !== 'mqtt');
  }

  /**
   * A one-time login link token, while an admin has no password yet (printed at start, like
   * Jupyter's): visiting `/?token=...` logs in once; the admin then sets a password.
   */
  loginLink(): string | undefined {
    if (!this.opts.enabled || !this.accounts().some((u) => u.role === 'admin' && u.password === null)) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.links.set(secretHash(token), Date.now() + LINK_LIFETIME_MS);
    return token;
  }

  /** The principal a presented token (session or script token) acts as, if it is valid now. */
  principalFor(credential: string | undefined): Principal | undefined {
    if (!this.opts.enabled) return LOCAL_ADMIN;
    if (!credential) return undefined;
    const username = credential.startsWith('pbt_') ? this.store.tokenFor(credential)?.username : this.sessions.userOf(credential);
    const user = username === undefined ? undefined : this.account(username);
    if (!user || user.role === 'mqtt') return undefined;
    return { user: user.username, role: user.role, credential };
  }

  /** The account `username` (accounts file or settings), e.g. for the broker's MQTT logins. */
  findAccount(username: string): UserRecord | undefined {
    return this.account(username);
  }

  /** Whether `username` has no password yet (a fresh admin who logged in by link). */
  needsPassword(username: string): boolean {
    return this.opts.enabled && this.account(username)?.password === null;
  }

  /** Checks a password (rate limited per client and per user); returns a new session token. */
  async login(username: string, password: string, client: string): Promise<string> {
    const wait = this.limiter.retryAfter(client, username);
    if (wait > 0) throw failWith('AUTH_RATE_LIMITED', { retryAfter: wait }, wait);
    const user = this.account(username);
    // Unknown users are checked against a decoy, so timing doesn't tell which names exist.
    const matches = await verifyPassword(password, user?.password ?? this.decoy);
    if (!user || !matches || user.role === 'mqtt') {
      this.limiter.recordFailure(client, username);
      this.opts.log.warn({ code: 'AUTH_LOGIN_FAILED', user: username, client }, 'login failed');
      throw fail('AUTH_LOGIN_FAILED');
    }
    return this.sessions.create(user.username);
  }

  /** Exchanges a one-time link token for a session of the admin it was made for. */
  async loginWithLink(token: string): Promise<string> {
    const hash = secretHash(token);
    const expires = this.links.get(hash);
    this.links.delete(hash);
    const admin = this.accounts().find((u) => u.role === 'admin' && u.password === null);
    if (expires === undefined || expires < Date.now() || !admin) throw fail('AUTH_LINK_INVALID');
    return this.sessions.create(admin.username);
  }

  async logout(credential: string): Promise<void> {
    await this.sessions.end(credential);
    this.events.emit('changed');
  }

  /** Changes a user's own password; the current one is needed once one is set. */
  async changePassword(username: string, current: string | undefined, next: string): Promise<void> {
    const user = this.store.user(username);
    if (!user) throw fail('AUTH_USER_UNKNOWN', username); // settings users change their hash in settings.json
    if (user.password !== null && !(await verifyPassword(current ?? '', user.password))) throw fail('AUTH_PASSWORD_WRONG');
    await this.store.setPassword(username, next);
    this.links.clear(); // the admin has a password now: no link logs in any more
  }

  listTokens(): readonly TokenRecord[] {
    return this.store.tokens;
  }

  createToken(username: string, name: string): Promise<{ id: string; token: string }> {
    return this.store.createToken(username, name);
  }

  async revokeToken(id: string): Promise<void> {
    await this.store.revokeToken(id);
    this.events.emit('changed');
  }

  /**
   * Follows the accounts file: a user removed or a token revoked with the command line while
   * the server runs stops working at once, on open sockets too (via `changed`).
   */
  watch(): void {
    const name = basename(this.opts.usersFile);
    this.watcher = watch(dirname(this.opts.usersFile), (_event, file) => {
      if (file !== name) return;
      clearTimeout(this.reloadTimer);
      // An atomic write is a create and a rename: read once both have landed.
      this.reloadTimer = setTimeout(() => void this.reload(), 20);
    });
  }

  /** Stops following the file and waits for the last sessions write. */
  async close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    await this.sessions.flushed();
  }

  private async reload(): Promise<void> {
    try {
      await this.store.reload();
      await this.sessions.endWhere((username) => this.account(username) === undefined);
    } catch (err) {
      this.opts.log.error({ err }, 'accounts file not reloaded; the previous accounts stay in effect');
      return;
    }
    this.events.emit('changed');
  }

  private async ensureAdmin(): Promise<void> {
    const { adminPassword } = this.opts;
    if (!this.accounts().some((u) => u.role === 'admin')) {
      await this.store.addUser('admin', 'admin', adminPassword ?? null);
      this.opts.log.info({ user: 'admin' }, adminPassword ? 'created user admin with PATCHBAY_ADMIN_PASSWORD' : 'created user admin; log in with the link printed below and set a password');
      return;
    }
    const admin = this.store.user('admin');
    if (adminPassword && admin && admin.password === null) await this.store.setPassword('admin', adminPassword);
  }

  private accounts(): readonly UserRecord[] {
    return [...this.opts.settingsUsers, ...this.store.users];
  }

  private account(username: string): UserRecord | undefined {
    return this.accounts().find((u) => u.username === username);
  }
}
