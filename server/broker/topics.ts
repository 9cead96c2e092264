// MQTT 3.1.1 topic filters (section 4.7): the pattern comparisons used by ACLs, the
// in-process path and the store. Validation is shared with the nodes: node-api/mqtt-topics.ts.

/** Topics under `$SYS/` belong to the broker; clients may read but never write them. */
export const SYS_PREFIX = '$SYS/';

/**
 * True when every topic that `filter` can match is also matched by `pattern`; a
 * topic name is a filter without wildcards, so this also answers "does `pattern`
 * match this topic". `pattern` and `filter` must both be valid filters.
 *
 * @example
 * filterCovers('sensors/#', 'sensors/+/temp'); // true
 * filterCovers('sensors/+/temp', 'sensors/#'); // false: '#' reaches further
 */
export function filterCovers(pattern: string, filter: string): boolean {
  // [MQTT-4.7.2-1] a filter starting with a wildcard does not match '$' topics,
  // so such a pattern grants nothing under '$SYS/' and the like
  if (startsWithWildcard(pattern) && filter.startsWith('$')) return false;
  const p = pattern.split('/');
  const f = filter.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '#') return true; // [MQTT-4.7.1-2] also matches the parent level
    if (i >= f.length) return false;
    if (f[i] === '#') return false;
    if (p[i] !== '+' && p[i] !== f[i]) return false;
  }
  return f.length === p.length;
}

/** True when the first level of `filter` is a wildcard (see [MQTT-4.7.2-1]). */
export function startsWithWildcard(filter: string): boolean {
  return filter.startsWith('+') || filter.startsWith('#');
}

/**
 * The longest literal start shared by every topic `filter` can match, for range
 * lookups in the store ('' when the filter starts with a wildcard).
 *
 * @example
 * literalPrefix('home/+/temp'); // 'home/'
 * literalPrefix('home/#');      // 'home' ('#' also matches 'home' itself)
 */
export function literalPrefix(filter: string): string {
  const levels = filter.split('/');
  const literal: string[] = [];
  for (const level of levels) {
    if (level === '#') return literal.join('/');
    if (level === '+') return literal.length === 0 ? '' : literal.join('/') + '/';
    literal.push(level);
  }
  return filter;
}
