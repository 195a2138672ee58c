import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReceiptWatch } from '../../../../src/main/dictation/x11/read-receipts';
import type { SelectionRequestSeen } from '../../../../src/main/dictation/x11/clipboard-owner';

const TARGET_CLIENT = 0x0400000;
const sameClient = (r: number) => (r & ~0x1fffff) === TARGET_CLIENT;
const req = (at: number, over: Partial<SelectionRequestSeen> = {}): SelectionRequestSeen => ({ requestor: TARGET_CLIENT + 5, target: 'UTF8_STRING', isData: true, at, served: true, ...over });

describe('read receipts', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('waits for quiet after the last read of a burst', async () => {
    const w = new ReceiptWatch({ sameClient, chordAt: 100, quietMs: 200, timeoutMs: 3000 });
    w.request(req(110));
    vi.advanceTimersByTime(150);
    w.request(req(120));
    vi.advanceTimersByTime(199);
    let done = false;
    void w.result.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    vi.advanceTimersByTime(2);
    expect(await w.result).toEqual({ kind: 'read', firstReadAt: 110, lastReadAt: 120, reads: 2 });
  });

  it('ignores TARGETS, other clients, refused requests and anything before the chord', async () => {
    const w = new ReceiptWatch({ sameClient, chordAt: 100, quietMs: 200, timeoutMs: 3000 });
    w.request(req(150, { target: 'TARGETS', isData: false }));
    w.request(req(150, { requestor: 0x0600001 }));
    w.request(req(150, { served: false }));
    w.request(req(90));
    vi.advanceTimersByTime(3001);
    expect(await w.result).toEqual({ kind: 'timeout' });
    expect(w.seen).toHaveLength(4);
  });

  it('a late reader is still a receipt (no fixed delay), and losing ownership ends the watch', async () => {
    const late = new ReceiptWatch({ sameClient, chordAt: 0, quietMs: 200, timeoutMs: 3000 });
    vi.advanceTimersByTime(2900);
    late.request(req(2900));
    vi.advanceTimersByTime(200);
    expect((await late.result).kind).toBe('read');
    const lost = new ReceiptWatch({ sameClient, chordAt: 0, quietMs: 200, timeoutMs: 3000 });
    lost.request(req(10));
    lost.lost();
    expect(await lost.result).toEqual({ kind: 'lost', firstReadAt: 10, lastReadAt: 10, reads: 1 });
  });

  it('stops on abort', async () => {
    const ac = new AbortController();
    const w = new ReceiptWatch({ sameClient, chordAt: 0, quietMs: 200, timeoutMs: 3000, signal: ac.signal });
    ac.abort();
    expect(await w.result).toEqual({ kind: 'aborted' });
  });
});
