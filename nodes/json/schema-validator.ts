// Node-RED's msg.schema: a JSON Schema carried by the message, checked with Ajv. Schemas come
// from messages, so each distinct one is compiled once and kept in a small, bounded cache.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { errorMessage, NodeRuntimeError } from '#node-api';

/** Schemas kept compiled per node; the least recently used one is dropped beyond this. */
const SCHEMA_CACHE_SIZE = 50;

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
  /** Ajv's summary of the errors, e.g. `data/temp must be number`. */
  text: string;
}

export class SchemaValidator {
  // Keyed by the schema's JSON text; a Map keeps insertion order, so the first key is the oldest.
  private readonly cache = new Map<string, { ajv: Ajv; validate: ValidateFunction }>();

  constructor(private readonly maxSize = SCHEMA_CACHE_SIZE) {}

  /** Checks `value` against `schema`; throws a NodeRuntimeError when the schema does not compile. */
  check(schema: unknown, value: unknown): SchemaCheck {
    const { ajv, validate } = this.compiled(schema);
    if (validate(value)) return { valid: true, errors: [], text: '' };
    const errors = validate.errors ?? [];
    return { valid: false, errors, text: ajv.errorsText(errors) };
  }

  /** How many schemas are held (for tests). */
  get size(): number {
    return this.cache.size;
  }

  private compiled(schema: unknown) {
    const key = JSON.stringify(schema);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // re-inserted below as the most recently used
      this.cache.set(key, hit);
      return hit;
    }
    // One Ajv per schema: two message schemas with the same $id must not collide in one
    // instance, and dropping the entry frees everything Ajv kept for it.
    // Formats are not checked (Ajv alone knows none); logger off: no console output (R10).
    const ajv = new Ajv({ allErrors: true, validateFormats: false, logger: false });
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema as object);
    } catch (err) {
      throw new NodeRuntimeError(`JSON Schema error: failed to compile schema: ${errorMessage(err)}`, 'JSON_SCHEMA_COMPILE');
    }
    const entry = { ajv, validate };
    this.cache.set(key, entry);
    if (this.cache.size > this.maxSize) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}
