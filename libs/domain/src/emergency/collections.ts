/** Small helpers for the emergency rules' frozen tables and deterministic (code-ordered) records. */

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Orders [key, value] entries by key (code order). */
export function byKey<V>(a: readonly [string, V], b: readonly [string, V]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(byKey));
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
