// Login sessions: a random token per login, kept (as its hash) in <dataDir>/sessions.json so a
// restart doesn't log everyone out. Only the server writes the file.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isPlainObject } from '../plain-object.ts';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { secretHash } from './user-store.ts';

interface Session {
  username: string;
  /** Epoch ms. */
  expires: number;
}

export class Sessions {
  private readonly byHash = new Map<string, Session>();
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string, private readonly lifetimeMs: number) {}

  /** Loads the sessions that have not expired; a damaged file just logs everyone out. */
  static async open(file: string, lifetimeMs: number): Promise<Sessions> {
    const sessions = new Sessions(file, lifetimeMs);
    const stored: unknown = await readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown, () => ({}));
    const now = Date.now();
    if (isPlainObject(stored)) {
      for (const [hash, value] of Object.entries(stored)) {
        if (isPlainObject(value) && typeof value.username === 'string' && typeof value.expires === 'number' && value.expires > now) {
          sessions.byHash.set(hash, { username: value.username, expires: value.expires });
        }
      }
    }
    return sessions;
  }

  /** Starts a session; returns its token (the only copy: the server keeps the hash). */
  async create(username: string): Promise<string> {
    const token = `pbs_${randomBytes(32).toString('base64url')}`;
    this.byHash.set(secretHash(token), { username, expires: Date.now() + this.lifetimeMs });
    await this.save();
    return token;
  }

  /** The user a session token belongs to, while it is valid. */
  userOf(token: string): string | undefined {
    const session = this.byHash.get(secretHash(token));
    if (!session) return undefined;
    if (session.expires > Date.now()) return session.username;
    this.byHash.delete(secretHash(token));
    return undefined;
  }

  async end(token: string): Promise<void> {
    if (this.byHash.delete(secretHash(token))) await this.save();
  }

  /** Ends every session of users for whom `keep` is false (removed users, changed passwords). */
  async endWhere(drop: (username: string) => boolean): Promise<void> {
    let changed = false;
    for (const [hash, session] of this.byHash) {
      if (drop(session.username)) changed = this.byHash.delete(hash) || changed;
    }
    if (changed) await this.save();
  }

  /** Resolves once every write so far has landed (or failed: failures were reported to their callers). */
  flushed(): Promise<void> {
    return this.saving.catch(() => undefined);
  }

  /** Writes one after another, so an older state never lands after a newer one. */
  private save(): Promise<void> {
    const write = () => writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(this.byHash)), 0o600);
    this.saving = this.saving.then(write, write);
    return this.saving;
  }
}
