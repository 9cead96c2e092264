// Password hashing for editor users, script tokens' owners and MQTT users alike: scrypt with a
// random salt, stored as `scrypt$<saltB64>$<hashB64>`, compared in constant time.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=2^14, r=8, p=1: the parameters recommended for interactive logins (RFC 7914 §2);
// about 30 ms per check. The stored form has no parameter field, so they are fixed.
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const HASH_FORMAT = /^scrypt\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function scrypt(password: Buffer | string, salt: Buffer, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keylen, SCRYPT, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password as `scrypt$<saltB64>$<hashB64>`.
 *
 * @example
 * const user = { username: 'sensor', password: await hashPassword('s3cret') };
 */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(plain, salt, KEY_BYTES);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `stored` is a hash hashPassword could have made. */
export function isPasswordHash(stored: string): boolean {
  const parts = HASH_FORMAT.exec(stored);
  return parts !== null && Buffer.from(parts[2]!, 'base64').length >= 16;
}

/** Checks `plain` against a {@link hashPassword} hash in constant time; false for malformed hashes. */
export async function verifyPassword(plain: Buffer | string, stored: string): Promise<boolean> {
  const parts = HASH_FORMAT.exec(stored);
  if (!parts || !isPasswordHash(stored)) return false;
  const expected = Buffer.from(parts[2]!, 'base64');
  const actual = await scrypt(plain, Buffer.from(parts[1]!, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A hash no password matches, checked when a username is unknown so that a refusal takes as
 * long whether or not the account exists: timing does not reveal account names.
 */
export function decoyHash(): string {
  return `scrypt$${randomBytes(SALT_BYTES).toString('base64')}$${randomBytes(KEY_BYTES).toString('base64')}`;
}
