// The registry's memory across restarts: <dataDir>/devices.json holds each device's last
// description and property values (with when they changed) and which identities belong to
// which device id, so ids and "previous" values survive a restart.
import { readFile, rename } from 'node:fs/promises';
import type { DeviceInfo } from '../node-api/devices.ts';
import { fail } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isPlainObject } from '../plain-object.ts';
import { writeFileAtomic } from '../storage/atomic-write.ts';

export const STATE_FORMAT = 'patchbay-devices';

export interface StoredDevice {
  info: DeviceInfo;
  /** [entity, property key, value, changedAt] */
  values: Array<[string, string, unknown, number]>;
}

export interface StoredState {
  identities: Record<string, string>;
  devices: StoredDevice[];
}

const EMPTY: StoredState = { identities: {}, devices: [] };

/** Reads the file; a missing one is an empty state, a damaged one is moved aside and reported. */
export async function readState(file: string, log: Logger): Promise<StoredState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw err;
  }
  try {
    return parseState(JSON.parse(text));
  } catch (err) {
    const aside = `${file}.invalid-${Date.now()}`;
    await rename(file, aside);
    const error = fail('DEVICE_STATE_UNREADABLE', file, (err as Error).message, aside);
    log.warn({ code: error.code }, error.message);
    return EMPTY;
  }
}

function parseState(doc: unknown): StoredState {
  if (!isPlainObject(doc) || doc.format !== STATE_FORMAT) throw new Error(`not a ${STATE_FORMAT} document`);
  if (!isPlainObject(doc.identities) || !Array.isArray(doc.devices)) throw new Error('needs "identities" and "devices"');
  const identities: Record<string, string> = {};
  for (const [identity, id] of Object.entries(doc.identities)) if (typeof id === 'string') identities[identity] = id;
  const devices = doc.devices.filter((d): d is StoredDevice =>
    isPlainObject(d) && isPlainObject(d.info) && typeof d.info.id === 'string' && Array.isArray(d.info.entities) && Array.isArray(d.values));
  return { identities, devices };
}

export function writeState(file: string, state: StoredState): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify({ format: STATE_FORMAT, version: 1, ...state })}\n`);
}
