import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationEntry } from '../../../src/shared/conversation';
import { DEFAULT_HISTORY_SETTINGS, type HistorySettings } from '../../../src/shared/history-settings';
import { HistoryStore } from '../../../src/main/history/history-store';
import { TurnRecorder } from '../../../src/main/history/turn-recorder';

let dir: string;
let store: HistoryStore;
let settings: HistorySettings;
let problems: Array<string | undefined>;
let recorder: TurnRecorder;
const logger = { debug() {}, info() {}, warn() {}, error() {} };

const message = (id: string, role: 'user' | 'assistant', text: string, final = true, extra: Partial<ConversationEntry> = {}): ConversationEntry =>
  ({ kind: 'message', id, role, text, final, createdAt: 1000, ...extra }) as ConversationEntry;

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-recorder-'));
  store = new HistoryStore(join(dir, 'history.db'));
  settings = { ...DEFAULT_HISTORY_SETTINGS };
  problems = [];
  recorder = new TurnRecorder({ store, settings: () => settings, logger, onProblem: (p) => problems.push(p), flushIntervalMs: 60, retryMs: 50 });
});
afterEach(() => {
  recorder.dispose();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = () => store.get(recorder.currentConversationId)?.turns ?? [];

describe('TurnRecorder', () => {
  it('commits a turn as soon as it is final, and streaming text at the flush interval', async () => {
    recorder.onEntry(message('u1', 'user', 'hello there'));
    expect(stored().map((t) => t.text)).toEqual(['hello there']);
    recorder.onEntry(message('a1', 'assistant', 'A long answer that is still', false));
    expect(stored()).toHaveLength(1); // in memory only
    await until(() => stored().length === 2);
    expect(stored()[1]).toMatchObject({ text: 'A long answer that is still' });
    expect(stored()[1]!.completedAt).toBeUndefined();
    recorder.onEntry(message('a1', 'assistant', 'A long answer that is still streaming, now done.'));
    expect(stored()[1]).toMatchObject({ text: 'A long answer that is still streaming, now done.' });
    expect(stored()[1]!.completedAt).toBeTypeOf('number');
  });

  it('disk full: says so, keeps every unwritten turn in memory, and writes them all once there is room', async () => {
    recorder.onEntry(message('u0', 'user', 'before the disk filled up'));
    const pages = Number((store as unknown as { db: { prepare(s: string): { get(): { page_count: number } } } }).db.prepare('PRAGMA page_count').get().page_count);
    store.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const big = 'x'.repeat(6000);
    for (let i = 1; i <= 20; i++) recorder.onEntry(message(`u${i}`, 'user', `turn ${i} ${big}`));
    expect(problems.at(-1)).toMatch(/disk is full/);
    expect(problems.at(-1)).toMatch(/retried/);
    const status = recorder.status();
    expect(status.pendingWrites).toBeGreaterThan(0);
    expect(status.problem).toMatch(/disk is full/);
    store.exec('PRAGMA max_page_count = 1073741823'); // room again
    await until(() => recorder.status().pendingWrites === 0);
    expect(problems.at(-1)).toBeUndefined();
    expect(stored().map((t) => t.entryId)).toEqual(Array.from({ length: 21 }, (_, i) => `u${i}`));
  });

  it('keeps pending turns of the old conversation when "New conversation" comes while writes fail', async () => {
    store.exec('PRAGMA query_only = 1'); // every write now fails
    recorder.onEntry(message('u1', 'user', 'old conversation turn'));
    const old = recorder.currentConversationId;
    recorder.newConversation();
    recorder.onEntry(message('u1', 'user', 'new conversation turn'));
    expect(recorder.status().pendingWrites).toBe(2);
    store.exec('PRAGMA query_only = 0');
    await until(() => recorder.status().pendingWrites === 0);
    expect(store.get(old)!.turns.map((t) => t.text)).toEqual(['old conversation turn']);
    expect(stored().map((t) => t.text)).toEqual(['new conversation turn']);
  });

  it('"New conversation" starts a separate record; Continue appends to the old one; seeded entries are not copied', () => {
    recorder.onEntry(message('u1', 'user', 'first conversation'));
    const first = recorder.currentConversationId;
    recorder.newConversation();
    expect(recorder.currentConversationId).not.toBe(first);
    recorder.onEntry(message('u1', 'user', 'second conversation'));
    expect(store.list()).toHaveLength(2);
    recorder.continueConversation(first);
    recorder.onEntry(message('seed-1', 'user', 'first conversation'));
    recorder.onEntry(message('u2', 'user', 'continued'));
    expect(store.get(first)!.turns.map((t) => t.text)).toEqual(['first conversation', 'continued']);
  });

  it('puts usage, latency and cost on the answer, whichever arrives first', () => {
    recorder.onMetrics({ responseId: 'r1', status: 'completed', latencyMs: 310, usage: { inputTokens: 100, outputTokens: 20 } }, 0.5);
    recorder.onEntry(message('a1', 'assistant', 'answer one', true, { responseId: 'r1' }));
    recorder.onEntry(message('a2', 'assistant', 'answer two', true, { responseId: 'r2' }));
    recorder.onMetrics({ responseId: 'r2', status: 'completed', latencyMs: 250, usage: { inputTokens: 7, outputTokens: 8 } }, 0.25);
    expect(stored()).toMatchObject([
      { entryId: 'a1', latencyMs: 310, inputTokens: 100, outputTokens: 20, costUsd: 0.5 },
      { entryId: 'a2', latencyMs: 250, inputTokens: 7, outputTokens: 8, costUsd: 0.25 },
    ]);
  });

  it("retention 'off' records nothing; audio is stored only with keepAudio on", () => {
    settings = { ...settings, retention: 'off' };
    recorder.onEntry(message('u1', 'user', 'not kept'));
    expect(store.list()).toEqual([]);
    settings = { ...settings, retention: 'forever' };
    recorder.onAudio('a1', new Uint8Array([1, 2]).buffer);
    recorder.onEntry(message('a1', 'assistant', 'spoken, audio not kept'));
    expect(store.audioOf(recorder.currentConversationId, 'a1')).toBeUndefined();
    settings = { ...settings, keepAudio: true };
    recorder.onAudio('a2', new Uint8Array([1, 2]).buffer);
    recorder.onAudio('a2', new Uint8Array([3, 4]).buffer);
    recorder.onEntry(message('a2', 'assistant', 'spoken, audio kept'));
    expect(store.audioOf(recorder.currentConversationId, 'a2')).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it('kept audio stops at five minutes of an item, whole deltas only', () => {
    settings = { ...settings, retention: 'forever', keepAudio: true };
    const second = 48_000; // 1 s of 24 kHz PCM16
    for (let i = 0; i < 301; i++) recorder.onAudio('long', new Uint8Array(second).fill(i % 251).buffer);
    recorder.onEntry(message('long', 'assistant', 'a very long answer'));
    const audio = store.audioOf(recorder.currentConversationId, 'long');
    expect(audio?.byteLength).toBe(300 * second);
    expect(audio?.[299 * second]).toBe(299 % 251);
  });
});
