import { describe, expect, it } from 'vitest';
import { AppStore, MAX_APPROVALS, MAX_ENTRIES, MAX_METRICS } from '../../../src/renderer/src/state/app-store';
import { fakeTransport } from '../support/fake-bridge';

/** The window stays open all day: what the store mirrors must not grow per turn. */

const TURNS = 2000;
const user = (n: number) => ({ kind: 'message' as const, id: `u${n}`, role: 'user' as const, text: `question ${n}`, final: true, createdAt: n });
const assistant = (n: number, text: string, final: boolean) => ({
  kind: 'message' as const,
  id: `a${n}`,
  role: 'assistant' as const,
  text,
  final,
  responseId: `resp_${n}`,
  createdAt: n,
});

describe('AppStore bounds', () => {
  it(`after ${TURNS} streamed turns keeps the newest ${MAX_ENTRIES} entries in order, with their figures`, async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    for (let n = 1; n <= TURNS; n++) {
      t.fire('conversation.entry', user(n));
      t.fire('conversation.entry', assistant(n, 'answer', false));
      t.fire('conversation.entry', assistant(n, `answer ${n}`, true));
      t.fire('turn.metrics', { responseId: `resp_${n}`, status: 'completed', latencyMs: n % 7 });
      const s = store.getSnapshot();
      expect(s.entries.length).toBeLessThanOrEqual(MAX_ENTRIES);
      expect(Object.keys(s.metrics).length).toBeLessThanOrEqual(MAX_METRICS);
    }
    const { entries, metrics } = store.getSnapshot();
    expect(entries).toHaveLength(MAX_ENTRIES);
    // The newest turns, complete and in order; an update of a listed entry kept its place.
    expect(entries.at(-1)).toMatchObject({ id: `a${TURNS}`, text: `answer ${TURNS}`, final: true });
    expect(entries.at(-2)).toMatchObject({ id: `u${TURNS}` });
    expect(entries[0]).toMatchObject({ id: `u${TURNS - MAX_ENTRIES / 2 + 1}` });
    // Every listed answer still has its figures; the oldest figures were dropped.
    for (const e of entries) if (e.kind === 'message' && e.responseId) expect(metrics[e.responseId]).toBeDefined();
    expect(metrics['resp_1']).toBeUndefined();
    expect(Object.keys(metrics)).toHaveLength(MAX_METRICS);
  });

  it('a re-sent figure replaces its own slot instead of evicting another', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    for (let n = 1; n <= MAX_METRICS; n++) t.fire('turn.metrics', { responseId: `resp_${n}`, status: 'completed' });
    t.fire('turn.metrics', { responseId: 'resp_1', status: 'completed', latencyMs: 9 });
    const { metrics } = store.getSnapshot();
    expect(Object.keys(metrics)).toHaveLength(MAX_METRICS);
    expect(metrics['resp_1']).toMatchObject({ latencyMs: 9 });
    expect(metrics['resp_2']).toBeDefined();
  });

  it('caps an initial list longer than the UI shows', async () => {
    const t = fakeTransport({ 'conversation.list': () => Array.from({ length: MAX_ENTRIES + 40 }, (_, i) => user(i + 1)) });
    const store = new AppStore(t.api);
    await store.init();
    const { entries } = store.getSnapshot();
    expect(entries).toHaveLength(MAX_ENTRIES);
    expect(entries.at(-1)).toMatchObject({ id: `u${MAX_ENTRIES + 40}` });
  });

  it('keeps only the newest approval requests when resolutions are lost', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    for (let n = 1; n <= 200; n++) {
      t.fire('approval.request', { requestId: `q${n}`, callId: `c${n}`, tool: 't', argumentsJson: '{}', risk: 'write', summary: 's', expiresAt: 0 });
    }
    const { approvals } = store.getSnapshot();
    expect(approvals).toHaveLength(MAX_APPROVALS);
    expect(approvals.at(-1)).toMatchObject({ requestId: 'q200' });
  });
});
