import { describe, expect, it } from 'vitest';
import { trimOldest } from '../../../../src/main/realtime/conversation/retention';
import { EntryStore } from '../../../../src/main/realtime/conversation/entry-store';

const msg = (id: string, text = id) => ({ kind: 'message' as const, id, role: 'user' as const, text, final: true, createdAt: 1 });

describe('trimOldest', () => {
  it('drops the oldest keys down to the cap, skipping kept ones, and reports each before deleting it', () => {
    const m = new Map(['a', 'b', 'c', 'd', 'e'].map((k, i) => [k, i]));
    const seen: Array<[string, number | undefined]> = [];
    const dropped = trimOldest(m, 2, (k) => k === 'a', 0, (k) => seen.push([k, m.get(k)]));
    expect(dropped).toEqual(['b', 'c', 'd']);
    expect(seen).toEqual([['b', 1], ['c', 2], ['d', 3]]);
    expect([...m.keys()]).toEqual(['a', 'e']);
  });

  it('waits for the slack to be exceeded, then trims to the cap in one batch', () => {
    const s = new Set<number>();
    const batches: number[] = [];
    for (let i = 0; i < 100; i++) {
      s.add(i);
      const d = trimOldest(s, 10, undefined, 5);
      if (d.length) batches.push(d.length);
      expect(s.size).toBeLessThanOrEqual(15);
    }
    expect(batches.every((n) => n === 6)).toBe(true);
    expect(Math.min(...s)).toBeGreaterThan(80);
  });
});

describe('EntryStore cap', () => {
  it('keeps the newest entries, forgets aliases and unconfirmed marks of evicted ones, and tells listeners', () => {
    const store = new EntryStore(() => undefined, 10);
    const evicted: string[] = [];
    store.onEvict((ids) => evicted.push(...ids));
    store.upsert(msg('local-1'));
    store.unconfirmed.add('local-1');
    store.alias('srv-1', 'local-1');
    for (let i = 2; i <= 30; i++) store.upsert(msg(`e${i}`));
    const s = store.stats();
    expect(s.entries).toBeLessThanOrEqual(11);
    expect(s.aliases).toBe(0);
    expect(s.unconfirmed).toBe(0);
    expect(evicted[0]).toBe('local-1');
    expect(store.has('srv-1')).toBe(false);
    expect(store.history(3).map((h) => h.text)).toEqual(['e28', 'e29', 'e30']);
  });

  it('an update of a kept entry keeps its place and evicts nothing', () => {
    const store = new EntryStore(() => undefined, 3);
    for (const id of ['a', 'b', 'c']) store.upsert(msg(id));
    store.upsert(msg('a', 'a2'));
    expect(store.history(5).map((h) => h.text)).toEqual(['a2', 'b', 'c']);
  });
});
