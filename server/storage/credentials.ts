// Credentials, keyed by node id, in one file encrypted with AES-256-GCM. The key comes from
// settings (`credentialSecret`) or is generated once into <dataDir>/credential.key.
//
// The flow file and the credentials file can't be replaced in one atomic step, so the
// credentials file holds the last two deploys' credentials, each tagged with the revision of
// the flows it belongs to. A deploy writes it first, then the flow file: whenever a crash
// stops it, the flow file on disk has its own credentials beside it (see credentialsFor).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';
import { fail } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import { credentialsMap, type Credentials } from '../runtime/credentials.ts';

/** One deploy's credentials, tagged with the revision of its flows. */
export interface CredentialGeneration {
  rev: string;
  credentials: Credentials;
}

interface EncryptedFile {
  format: 'patchbay-credentials';
  /** 1: the plaintext is one Credentials map; 2: `{ generations }`, newest first. */
  version: 1 | 2;
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

/** The stored generations, newest first; none when there is no file yet. */
export async function readCredentials(path: string, key: Buffer): Promise<CredentialGeneration[]> {
  let file: EncryptedFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as EncryptedFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fail('CREDENTIALS_UNREADABLE', path, errorMessage(err));
  }
  let plain: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    plain = JSON.parse(Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8'));
  } catch {
    // GCM authentication failure: wrong key or a tampered file. Refuse rather than start with none.
    throw fail('CREDENTIALS_UNREADABLE', path, 'wrong credentialSecret or damaged file');
  }
  const stored = file.version === 1 ? [{ rev: '', credentials: plain }] : (plain as { generations?: unknown }).generations;
  if (!Array.isArray(stored)) throw fail('CREDENTIALS_UNREADABLE', path, 'no credential generations in the file');
  return stored.map((g: { rev?: unknown; credentials?: unknown }) => ({ rev: String(g.rev ?? ''), credentials: prototypeFree(g.credentials) }));
}

/**
 * The credentials of the flows with revision `rev`: their own generation, else the newest (a
 * flow file edited by hand matches none), else none.
 */
export function credentialsFor(generations: CredentialGeneration[], rev: string): Credentials {
  return (generations.find((g) => g.rev === rev) ?? generations[0])?.credentials ?? credentialsMap();
}

/** Writes the generations (newest first; the caller keeps two) encrypted, atomically, owner-only. */
export async function writeCredentials(path: string, key: Buffer, generations: CredentialGeneration[]): Promise<void> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify({ generations }), 'utf8'), cipher.final()]);
  const file: EncryptedFile = {
    format: 'patchbay-credentials',
    version: 2,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
}

/** Stored credentials as a map without prototypes (node ids and keys are data). */
function prototypeFree(stored: unknown): Credentials {
  const credentials = credentialsMap();
  if (stored === null || typeof stored !== 'object') return credentials;
  for (const [id, values] of Object.entries(stored)) credentials[id] = Object.assign(Object.create(null) as Record<string, string>, values);
  return credentials;
}
