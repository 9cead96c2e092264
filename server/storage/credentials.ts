// Credentials, keyed by node id, in one file encrypted with AES-256-GCM. The key comes from
// settings (`credentialSecret`) or is generated once into <dataDir>/credential.key.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';
import { fail } from '../errors.ts';

export type Credentials = Record<string, Record<string, string>>;

/**
 * An empty credentials map without a prototype: node ids are data, and an id such as
 * `__proto__` or `constructor` must be an ordinary key, not Object.prototype's.
 */
export function credentialsMap(): Credentials {
  return Object.create(null) as Credentials;
}

/** `map[key]` only when it is the map's own entry. */
export function ownEntry<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

interface EncryptedFile {
  format: 'patchbay-credentials';
  version: 1;
  iv: string;
  tag: string;
  data: string;
}

/** The 32-byte key: derived from the configured secret, else read or created in keyFile. */
export async function credentialKey(secret: string | undefined, keyFile: string): Promise<Buffer> {
  if (secret) return createHash('sha256').update(secret).digest();
  try {
    const key = Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64');
    // Checked here, at start: a short key would otherwise fail only when a deploy saves credentials.
    if (key.length !== 32) throw fail('CREDENTIALS_KEY_INVALID', keyFile, `expected 32 bytes in base64, found ${key.length}`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  await writeFileAtomic(keyFile, key.toString('base64'), 0o600);
  return key;
}

export async function readCredentials(path: string, key: Buffer): Promise<Credentials> {
  let file: EncryptedFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as EncryptedFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw fail('CREDENTIALS_UNREADABLE', path, (err as Error).message);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
    const stored = JSON.parse(plain.toString('utf8')) as Credentials;
    const credentials = credentialsMap();
    for (const [id, values] of Object.entries(stored)) credentials[id] = Object.assign(Object.create(null) as Record<string, string>, values);
    return credentials;
  } catch {
    // GCM authentication failure: wrong key or a tampered file. Refuse rather than start with none.
    throw fail('CREDENTIALS_UNREADABLE', path, 'wrong credentialSecret or damaged file');
  }
}

export async function writeCredentials(path: string, key: Buffer, credentials: Credentials): Promise<void> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  const file: EncryptedFile = {
    format: 'patchbay-credentials',
    version: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
}
