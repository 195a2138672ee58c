/**
 * How much per-turn bookkeeping the core keeps. The app runs all day, so every collection that
 * gains a key per turn is trimmed to a cap; the caps are sized to what is still read later:
 * the UI lists at most 500 entries, history replay needs the last 20 finished messages (§6.8),
 * and server events naming an older response, item, call or client event only arrive within a
 * few turns of it (late deltas, error replies, truncation).
 */
export const RETENTION = {
  /** Displayed entries (matches the conversation log and the renderer's list). */
  entries: 500,
  /** Finished responses whose state (items, calls) is still kept for late events. */
  responses: 64,
  /** Client event ids remembered for matching an `error` reply, and answered call ids. */
  eventIds: 256,
} as const;

/**
 * Deletes the oldest keys (insertion order) of `map` until at most `cap` remain, skipping keys
 * `keep` protects; `onDrop` sees each key while it is still present. Trims in batches (down to `cap` once `cap + slack` is exceeded) so a long
 * session pays O(1) amortized per insertion. Returns the deleted keys.
 */
export function trimOldest<K, V>(
  map: Map<K, V> | Set<K>,
  cap: number,
  keep: (key: K) => boolean = () => false,
  slack = 0,
  onDrop?: (key: K) => void,
): K[] {
  const dropped: K[] = [];
  if (map.size <= cap + slack) return dropped;
  for (const key of map.keys()) {
    if (map.size <= cap) break;
    if (keep(key)) continue;
    onDrop?.(key);
    map.delete(key);
    dropped.push(key);
  }
  return dropped;
}
