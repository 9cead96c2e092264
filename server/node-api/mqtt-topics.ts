// MQTT topic names and filters (3.1.1 section 4.7; MQTT 5 section 4.8.2 for shared
// subscriptions): one set of rules for the broker, the connection pool and the MQTT nodes.
// Each check returns why the text is not valid, phrased to follow "the topic ...", or
// undefined when it is.

/**
 * Why `topic` can't be published to, or undefined when it can.
 *
 * @example
 * ```ts
 * mqttTopicProblem('lamp/hall/set'); // undefined
 * mqttTopicProblem('lamp/+/set');    // 'must not contain wildcards (+ or #)'
 * ```
 */
export function mqttTopicProblem(topic: string): string | undefined {
  if (topic.length === 0) return 'must not be empty'; // [MQTT-4.7.3-1]
  if (topic.includes('\u0000')) return 'must not contain U+0000'; // [MQTT-4.7.3-2]
  if (topic.includes('+') || topic.includes('#')) return 'must not contain wildcards (+ or #)'; // [MQTT-3.3.2-2]
  return undefined;
}

/** Why `filter` is not a valid MQTT 3.1.1 topic filter (`$share/` has no meaning here). */
export function plainFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'must not be empty'; // [MQTT-4.7.3-1]
  if (filter.includes('\u0000')) return 'must not contain U+0000'; // [MQTT-4.7.3-2]
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    // [MQTT-4.7.1-2] '#' only as the whole last level; [MQTT-4.7.1-3] '+' only as a whole level
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return "may have '#' only as the whole last level";
    if (level.includes('+') && level !== '+') return "may have '+' only as a whole level";
  }
  return undefined;
}

/**
 * A shared subscription's parts: `$share/<group>/<filter>`.
 *
 * @example
 * ```ts
 * const { group, filter }: SharedFilter = parseSharedFilter('$share/workers/jobs/#')!;
 * ```
 */
export interface SharedFilter {
  group: string;
  filter: string;
}

const SHARE_PREFIX = '$share/';

/**
 * Splits a shared-subscription filter; undefined for an ordinary (or malformed) one.
 *
 * @example
 * ```ts
 * parseSharedFilter('$share/workers/jobs/#'); // { group: 'workers', filter: 'jobs/#' }
 * ```
 */
export function parseSharedFilter(filter: string): SharedFilter | undefined {
  if (!filter.startsWith(SHARE_PREFIX)) return undefined;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  // [MQTT-4.8.2-1] the share name is at least one character; [MQTT-4.8.2-2] then a '/' and a filter
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { group: rest.slice(0, slash), filter: rest.slice(slash + 1) };
}

/**
 * Why `filter` can't be subscribed to, `$share/<group>/<filter>` included.
 *
 * @example
 * mqttFilterProblem('sensors/+/temp');      // undefined
 * mqttFilterProblem('$share/workers/jobs'); // undefined
 * mqttFilterProblem('sensors/#/temp');      // "may have '#' only as the whole last level"
 */
export function mqttFilterProblem(filter: string): string | undefined {
  if (!filter.startsWith(SHARE_PREFIX)) return plainFilterProblem(filter);
  const shared = parseSharedFilter(filter);
  if (!shared || /[+#]/.test(shared.group)) return 'needs a share name without + or # and a filter after it: $share/<group>/<filter>';
  return plainFilterProblem(shared.filter);
}
