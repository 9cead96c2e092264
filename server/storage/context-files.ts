// The "file" context store on disk: one JSON file per scope in <dataDir>/context/, named by
// the scope's key, each written atomically.
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors.ts';
import type { Logger } from '../log.ts';
import { errorMessage } from '../node-api/errors.ts';
import { isPlainObject } from '../plain-object.ts';
import type { ContextPersistence } from '../runtime/context-store.ts';
import { writeFileAtomic } from './atomic-write.ts';

export class ContextFiles implements ContextPersistence {
  constructor(private readonly dir: string, private readonly log?: Pick<Logger, 'warn'>) {}

  async loadAll(): Promise<Map<string, Record<string, unknown>>> {
    await mkdir(this.dir, { recursive: true });
    const scopes = new Map<string, Record<string, unknown>>();
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const scope = await this.load(join(this.dir, name), name);
      if (scope) scopes.set(...scope);
    }
    return scopes;
  }

  save(key: string, values: Record<string, unknown>): Promise<void> {
    return writeFileAtomic(join(this.dir, `${encodeURIComponent(key)}.json`), JSON.stringify(values));
  }

  /**
   * Reads one scope's file. A damaged one (hand-edited, a disk fault) must not keep every flow
   * from starting: it is renamed aside, so no later save writes over it, and the scope starts empty.
   */
  private async load(file: string, name: string): Promise<[string, Record<string, unknown>] | undefined> {
    try {
      const key = decodeURIComponent(name.slice(0, -'.json'.length));
      const values: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (!isPlainObject(values)) throw new Error('expected a JSON object of values');
      return [key, values];
    } catch (err) {
      const movedTo = `${file}.invalid-${Date.now()}`;
      await rename(file, movedTo);
      const problem = fail('CONTEXT_FILE_INVALID', file, errorMessage(err), movedTo);
      this.log?.warn({ code: problem.code, file, movedTo }, problem.message);
      return undefined;
    }
  }
}
