import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseWatchdog } from '../../../../src/main/realtime/turns/response-watchdog';

describe('ResponseWatchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stalls once, timeoutMs after the last event — not after the first', () => {
    const onStall = vi.fn();
    const w = new ResponseWatchdog(() => 1000, onStall);
    w.kick();
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(100); // an event every 100 ms for 3 s
      w.kick();
    }
    expect(onStall).not.toHaveBeenCalled();
    vi.advanceTimersByTime(999);
    expect(onStall).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(w.armed).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(onStall).toHaveBeenCalledTimes(1);
  });

  it('stop disarms; 0 switches it off, also while armed', () => {
    const onStall = vi.fn();
    let ms = 1000;
    const w = new ResponseWatchdog(() => ms, onStall);
    w.kick();
    w.stop();
    vi.advanceTimersByTime(2000);
    expect(onStall).not.toHaveBeenCalled();
    w.kick();
    ms = 0;
    vi.advanceTimersByTime(2000);
    expect(onStall).not.toHaveBeenCalled();
    w.kick();
    expect(w.armed).toBe(false);
  });
});
