/**
 * `compute`, remembered for frozen objects: a cached entry is one frozen object shared by every read
 * that hits it (`read-cache.ts`), so what is worked out of it is worked out once. Held weakly (it goes
 * when the cache lets go of the object); an object that is not frozen may change, so it is worked out
 * every time.
 */
export function rememberedForFrozen<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const remembered = new WeakMap<K, V>();
  return (key) => {
    if (!Object.isFrozen(key)) return compute(key);
    let value = remembered.get(key);
    if (value === undefined) {
      value = compute(key);
      remembered.set(key, value);
    }
    return value;
  };
}
