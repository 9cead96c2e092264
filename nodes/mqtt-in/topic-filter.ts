// Topic filters as MQTT defines them (3.1.1 section 4.7, and MQTT 5 section 4.8.2 for
// `$share/<group>/<filter>`), checked at deploy and for dynamic subscriptions.

/** Why `filter` is not a valid subscription filter, or undefined when it is. */
export function filterProblem(filter: string): string | undefined {
  if (filter.startsWith('$share/')) {
    const [, group, ...rest] = filter.split('/');
    // [MQTT-4.8.2-1] a non-empty share name without wildcards, [MQTT-4.8.2-2] then a filter
    if (!group || /[+#]/.test(group)) return 'needs a share name without + or # after $share/';
    if (rest.length === 0) return 'needs a topic filter after the share name';
    return plainFilterProblem(rest.join('/'));
  }
  return plainFilterProblem(filter);
}

function plainFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'is empty'; // [MQTT-4.7.3-1]
  if (filter.includes('\u0000')) return 'contains U+0000'; // [MQTT-4.7.3-2]
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    // [MQTT-4.7.1-2] '#' alone in the last level; [MQTT-4.7.1-3] '+' alone in its level
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return "may have # only as the whole last level";
    if (level.includes('+') && level !== '+') return 'may have + only as a whole level';
  }
  return undefined;
}
