// Shared subscriptions (MQTT 5 section 4.8.2): `$share/<group>/<filter>`. Brokers deliver
// each matching message to one member of the group, with the real topic, so the pool
// matches messages against the filter part.

export interface SharedFilter {
  group: string;
  filter: string;
}

const PREFIX = '$share/';

/** Splits a shared-subscription filter; undefined for an ordinary one. */
export function parseShared(filter: string): SharedFilter | undefined {
  if (!filter.startsWith(PREFIX)) return undefined;
  const rest = filter.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  // [MQTT-4.8.2-1] the share name is at least one character; [MQTT-4.8.2-2] then a '/' and a filter
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { group: rest.slice(0, slash), filter: rest.slice(slash + 1) };
}

/** The filter that topics of delivered messages match. */
export function matchingFilter(filter: string): string {
  return parseShared(filter)?.filter ?? filter;
}
