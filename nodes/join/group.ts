// One sequence being collected: its values so far and the message properties of its latest part.
import type { Message } from '#node-api';

export type BuildType = 'string' | 'buffer' | 'array' | 'object' | 'merged';

export interface GroupShape {
  type: BuildType;
  /** string/buffer: what goes between parts; absent joins them directly. */
  joiner?: string | Buffer;
  /** array: the parts are chunks (split's arraySplt > 1) to flatten back into one array. */
  chunked?: boolean;
}

export class Group {
  /** The output message: the properties of every part so far, later parts winning. */
  readonly msg = {} as Message;
  timer?: NodeJS.Timeout;
  private readonly items: unknown[] = [];
  private readonly fields: Record<string, unknown> = {};
  private filled = 0;

  constructor(readonly shape: GroupShape) {}

  /** How many parts the group holds (keys, for objects). */
  get count(): number {
    const { type } = this.shape;
    return type === 'object' || type === 'merged' ? Object.keys(this.fields).length : this.filled;
  }

  /**
   * Adds one part's value: at `index` when the part says where it goes, else at the end; under
   * `key` for key/value objects. Returns why a value can't be added, if it can't.
   */
  add(value: unknown, place: { index?: number; key?: unknown }): string | undefined {
    const { type } = this.shape;
    if (type === 'object') {
      this.fields[String(place.key)] = value;
      return undefined;
    }
    if (type === 'merged') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'Cannot merge non-object types';
      for (const [key, v] of Object.entries(value)) if (key !== '_msgid') this.fields[key] = v;
      return undefined;
    }
    if (type === 'buffer' && value !== undefined && !Buffer.isBuffer(value) && typeof value !== 'string' && !Array.isArray(value)) {
      return `Cannot join ${value === null ? 'null' : typeof value} into a Buffer`;
    }
    if (typeof place.index === 'number' && place.index >= 0) {
      if (!(place.index in this.items)) this.filled++;
      this.items[place.index] = value;
    } else if (value !== undefined) {
      this.items.push(value);
      this.filled++;
    }
    return undefined;
  }

  /** The joined value. Parts that never arrived are left out (buffer, chunked array) or empty (string). */
  result(): unknown {
    const { type, joiner, chunked } = this.shape;
    switch (type) {
      case 'object':
      case 'merged':
        return this.fields;
      case 'string':
        return this.items.join(typeof joiner === 'string' ? joiner : joiner?.toString() ?? '');
      case 'buffer':
        return joinBuffers(this.items.filter(() => true), joiner);
      case 'array':
        return chunked ? this.items.flat() : this.items;
    }
  }
}

function joinBuffers(values: unknown[], joiner: string | Buffer | undefined): Buffer {
  const separator = typeof joiner === 'string' ? Buffer.from(joiner) : joiner;
  const pieces: Buffer[] = [];
  values.forEach((value, i) => {
    if (i > 0 && separator && separator.length > 0) pieces.push(separator);
    pieces.push(Buffer.isBuffer(value) ? value : Buffer.from(value as string | number[]));
  });
  return Buffer.concat(pieces);
}
