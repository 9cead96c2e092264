// Message ids (_msgid, sequence ids): Node-RED's format (RED.util.generateId), 16 random hex
// digits. One randomBytes call per message cost ~10% of the CPU of a busy MQTT pipeline (the
// profile of issue 16), so ids are cut from a pool filled 512 ids at a time: still from the
// system's CSPRNG, each id used once.
import { randomFillSync } from 'node:crypto';

const ID_BYTES = 8;
const pool = Buffer.alloc(ID_BYTES * 512);
let offset = pool.length;

export function messageId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += ID_BYTES;
  return pool.toString('hex', offset - ID_BYTES, offset);
}
