import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../src/shared/typed-emitter';

type Events = { tick: number; other: string };

describe('TypedEmitter', () => {
  it('calls listeners in registration order; a throwing one is reported and the rest still run', () => {
    const errors: unknown[] = [];
    const e = new TypedEmitter<Events>((err) => errors.push(err));
    const seen: string[] = [];
    e.on('tick', (n) => seen.push(`a${n}`));
    e.on('tick', () => {
      throw new Error('boom');
    });
    e.on('tick', (n) => seen.push(`c${n}`));
    e.emit('tick', 1);
    expect(seen).toEqual(['a1', 'c1']);
    expect(errors).toHaveLength(1);
  });

  it('a listener removed or added during an emit takes effect from the next emit', () => {
    const e = new TypedEmitter<Events>();
    const seen: string[] = [];
    const second = { d: undefined as undefined | { dispose(): void } };
    e.on('tick', (n) => {
      seen.push(`first${n}`);
      second.d?.dispose();
      if (n === 1) e.on('tick', (m) => seen.push(`late${m}`));
    });
    second.d = e.on('tick', (n) => seen.push(`second${n}`));
    e.emit('tick', 1);
    e.emit('tick', 2);
    expect(seen).toEqual(['first1', 'second1', 'first2', 'late2']);
  });

  it('one function registers once; disposing twice is harmless; counts follow', () => {
    const e = new TypedEmitter<Events>();
    let calls = 0;
    const fn = () => calls++;
    const d1 = e.on('tick', fn);
    e.on('tick', fn);
    expect(e.listenerCount('tick')).toBe(1);
    e.emit('tick', 0);
    d1.dispose();
    d1.dispose();
    e.emit('tick', 0);
    expect(calls).toBe(1);
    expect(e.listenerCount('tick')).toBe(0);
    const once: number[] = [];
    e.once('tick', (n) => once.push(n));
    e.emit('tick', 5);
    e.emit('tick', 6);
    expect(once).toEqual([5]);
  });
});
