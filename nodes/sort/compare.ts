// Node-RED's sort order: equal (===) keys keep their order, otherwise `>` decides, so values of
// mixed types compare as JavaScript compares them.

export type Compare = (a: unknown, b: unknown) => number;

export function compareBy(direction: 1 | -1, asNumber: boolean): Compare {
  const conv = asNumber ? (x: unknown) => Number(x) : (x: unknown) => x;
  return (a, b) => {
    const x = conv(a) as number;
    const y = conv(b) as number;
    if (x === y) return 0;
    return x > y ? direction : -direction;
  };
}

/** The items ordered by their keys (each key computed once, possibly asynchronously). */
export async function sortedBy<T>(items: readonly T[], key: (item: T) => unknown, compare: Compare): Promise<T[]> {
  const keyed = await Promise.all(items.map(async (item) => ({ item, key: await key(item) })));
  return keyed.sort((a, b) => compare(a.key, b.key)).map((k) => k.item);
}
