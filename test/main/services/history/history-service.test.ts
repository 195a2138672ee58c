import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../../src/shared/ipc/contract';
import { HistoryStore } from '../../../../src/main/history/history-store';
import { seedFromTurns, type SeedItem } from '../../../../src/main/history/seed-budget';
import { HistoryService } from '../../../../src/main/services/history/history-service';
import { SettingsStore } from '../../../../src/main/services/settings/settings-store';
import type { StoredTurn } from '../../../../src/shared/history';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const sender = { frameUrl: 'app://x/', isMainFrame: true } as never;
let dir: string;
let store: HistoryStore;
let settings: SettingsStore;
let events: Array<[EventName, unknown]>;
let fresh: SeedItem[][];
let service: HistoryService;

function make(): HistoryService {
  return new HistoryService({
    store,
    settings,
    events: { emit: (name, payload) => void events.push([name, payload]) },
    logger,
    notice: () => {},
    startFresh: async (seed) => void fresh.push(seed),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-service-'));
  store = new HistoryStore(join(dir, 'history.db'));
  const m = new Map<string, unknown>();
  settings = new SettingsStore({ get: (k) => m.get(k), set: (k, v) => void m.set(k, v) }, logger);
  events = [];
  fresh = [];
  service = make();
});
afterEach(() => {
  service.dispose();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const say = (id: string, role: 'user' | 'assistant', text: string, extra = {}) =>
  service.onEntry({ kind: 'message', id, role, text, final: true, createdAt: Date.now(), ...extra });

describe('HistoryService', () => {
  it('prices each answer with the settings price table and keeps session and day totals', () => {
    settings.update({ model: 'openai/gpt-4.1-mini' });
    say('a1', 'assistant', 'answer', { responseId: 'r1' });
    const m = service.onMetrics({ responseId: 'r1', status: 'completed', usage: { inputTokens: 1_000_000, outputTokens: 500_000 } });
    expect(m.costUsd).toBeCloseTo(0.4 + 0.8);
    expect(service.handlers['usage.totals'](undefined, sender)).toMatchObject({ sessionUsd: 1.2, dayUsd: 1.2, estimate: true });
    expect(store.get(service.recorder.currentConversationId)!.turns[0]!.costUsd).toBeCloseTo(1.2);
    // an unknown model has no price: no cost, no guess
    settings.update({ model: 'someone/unpriced' });
    expect(service.onMetrics({ responseId: 'r2', status: 'completed', usage: { inputTokens: 10 } }).costUsd).toBeUndefined();
  });

  it('New conversation resets the session total but not the day, and records into a new conversation', async () => {
    say('u1', 'user', 'first');
    say('a1', 'assistant', 'answer', { responseId: 'r1' });
    service.onMetrics({ responseId: 'r1', status: 'completed', usage: { inputTokens: 1_000_000 } });
    const first = service.recorder.currentConversationId;
    await service.handlers['conversation.new'](undefined, sender);
    expect(fresh).toEqual([[]]);
    expect(service.recorder.currentConversationId).not.toBe(first);
    expect(service.cost.totals()).toMatchObject({ sessionUsd: 0, dayUsd: 0.4 });
    // a restarted app starts its day total from what the store holds for today
    service.dispose();
    service = make();
    expect(service.cost.totals()).toMatchObject({ sessionUsd: 0 });
    expect(service.cost.totals().dayUsd).toBeCloseTo(0.4);
  });

  it('Continue seeds the new session with the stored text and appends to that conversation', async () => {
    say('u1', 'user', 'what is a quokka');
    say('a1', 'assistant', 'a small wallaby');
    const id = service.recorder.currentConversationId;
    await service.handlers['conversation.new'](undefined, sender);
    await service.handlers['history.continue']({ id }, sender);
    expect(fresh.at(-1)).toEqual([
      { role: 'user', text: 'what is a quokka' },
      { role: 'assistant', text: 'a small wallaby' },
    ]);
    say('u2', 'user', 'where do they live');
    expect(store.get(id)!.turns.map((t) => t.text)).toEqual(['what is a quokka', 'a small wallaby', 'where do they live']);
  });

  it("retention: 'days' deletes what is older, 'off' deletes everything and records nothing", () => {
    const old = store.startConversation('voice', Date.now() - 40 * 86_400_000);
    store.saveTurn(old, { entryId: 'x', kind: 'message', role: 'user', text: 'old', createdAt: Date.now() - 40 * 86_400_000 });
    say('u1', 'user', 'recent');
    settings.update({ history: { retention: 'days', days: 30 } });
    expect(store.list().map((c) => c.title)).toEqual(['recent']);
    settings.update({ history: { retention: 'off' } });
    expect(store.list()).toEqual([]);
    say('u2', 'user', 'not kept');
    service.recordQuick('q', 'a');
    service.recordDictation('dictated');
    expect(store.list()).toEqual([]);
  });

  it('deletes one and all; says when a conversation is gone', async () => {
    say('u1', 'user', 'to be deleted');
    const id = service.recorder.currentConversationId;
    service.recordDictation('Dear team');
    expect(store.list({ kind: 'dictation' })).toHaveLength(1);
    await service.handlers['history.delete']({ id }, sender);
    expect(() => service.handlers['history.get']({ id }, sender)).toThrow(/no longer in the history/);
    expect(service.handlers['history.deleteAll'](undefined, sender)).toEqual({ deleted: 1 });
  });
});

describe('seedFromTurns', () => {
  const t = (role: 'user' | 'assistant', text: string, kind: 'message' | 'tool' = 'message'): StoredTurn => ({ entryId: text, kind, role, text, createdAt: 0 });
  it('keeps text messages only, newest that fit, oldest first', () => {
    const turns = [t('user', 'one'), t('assistant', 'two'), { ...t('assistant', 'tool'), kind: 'tool' as const, role: 'tool' as const }, t('user', 'three')];
    expect(seedFromTurns(turns)).toEqual([
      { role: 'user', text: 'one' },
      { role: 'assistant', text: 'two' },
      { role: 'user', text: 'three' },
    ]);
    expect(seedFromTurns(turns, { maxItems: 2, maxChars: 100 }).map((s) => s.text)).toEqual(['two', 'three']);
    expect(seedFromTurns(turns, { maxItems: 20, maxChars: 8 }).map((s) => s.text)).toEqual(['two', 'three']);
    expect(seedFromTurns([t('user', 'x'.repeat(50))], { maxItems: 20, maxChars: 10 })[0]!.text).toBe(`…${'x'.repeat(9)}`);
  });
});
