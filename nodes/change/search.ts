// The "search for" side of a change rule: what to look for, and how a found value is replaced.
import {
  checkPropertyPath, errorMessage, type Message, NodeConfigError, type NodeContext, NodeRuntimeError, readScoped, type Static, Type,
} from '#node-api';

const SEARCH_TYPES = ['str', 'num', 'bool', 're', 'msg', 'flow', 'global'] as const;

export const SearchSchema = Type.Object(
  { type: Type.Union(SEARCH_TYPES.map((t) => Type.Literal(t))), value: Type.String() },
  { default: { type: 'str', value: '' }, 'x-typed-value': SEARCH_TYPES, title: 'Search for', description: 'For "change": the text, number, boolean or regular expression to find' },
);
export type Search = Static<typeof SearchSchema>;

/** A value to search for, ready to use: `text` is its string form, `re` finds it within strings. */
interface Pattern {
  kind: 'str' | 'num' | 'bool' | 're';
  text: string;
  re: RegExp;
}

/** Compiles the search value once per deploy; msg/flow/global ones are read per message. */
export function compileSearch(search: Search, node: NodeContext, configPath: string): (msg: Message) => Pattern {
  const { type, value } = search;
  switch (type) {
    case 're': {
      let re: RegExp;
      try {
        re = new RegExp(value, 'g');
      } catch (err) {
        throw new NodeConfigError(`Invalid regular expression: ${errorMessage(err)}`, configPath);
      }
      const pattern: Pattern = { kind: 're', text: value, re };
      return () => pattern;
    }
    case 'num':
      if (value.trim() === '' || Number.isNaN(Number(value))) throw new NodeConfigError(`"${value}" is not a number`, configPath);
      return constant({ kind: 'num', text: value, re: literal(value) });
    case 'str':
    case 'bool':
      return constant({ kind: type, text: value, re: literal(value) });
    default: {
      checkPropertyPath(value, `${configPath}/value`);
      return (msg) => patternOf(readScoped(node, type, value, msg));
    }
  }
}

function constant(pattern: Pattern): () => Pattern {
  return () => pattern;
}

/** A value read from msg/flow/global searches by its own type, as in Node-RED. */
function patternOf(value: unknown): Pattern {
  if (value instanceof RegExp) return { kind: 're', text: value.source, re: new RegExp(value.source, value.flags.includes('g') ? value.flags : `${value.flags}g`) };
  if (typeof value === 'string') return { kind: 'str', text: value, re: literal(value) };
  if (typeof value === 'number' || typeof value === 'boolean') {
    const text = String(value);
    return { kind: typeof value === 'number' ? 'num' : 'bool', text, re: literal(text) };
  }
  throw new NodeRuntimeError(`Cannot search for a value of type ${value === null ? 'null' : typeof value}`, 'CHANGE_SEARCH_TYPE');
}

/** A global regular expression matching `text` literally. */
function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), 'g');
}

/**
 * Node-RED's "change" semantics. A string equal to a non-regex search is replaced whole
 * (so "42" can become the number 42); otherwise every match inside it is replaced, with
 * `$1`-style groups for regular expressions (an empty search only matches an empty string). A number or boolean is replaced whole when it
 * equals a search of its own type. Returns `undefined` when nothing changes.
 */
export function replaceIn(current: unknown, pattern: Pattern, replacement: unknown): { value: unknown } | undefined {
  if (typeof current === 'string') {
    if (pattern.kind !== 're' && current === pattern.text) return { value: replacement };
    // An empty search would match between every character: it only ever matches an empty string.
    if (pattern.text === '') return undefined;
    return { value: current.replace(pattern.re, String(replacement)) };
  }
  if (typeof current === 'number' && pattern.kind === 'num' && current === Number(pattern.text)) return { value: replacement };
  if (typeof current === 'boolean' && pattern.kind === 'bool' && String(current) === pattern.text) return { value: replacement };
  return undefined;
}
