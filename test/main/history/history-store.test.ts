import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, snippetParts, type StoredTurn } from '../../../src/shared/history';
import { ftsQuery } from '../../../src/main/history/fts-query';
import { HistoryStore } from '../../../src/main/history/history-store';

let dir: string;
let store: HistoryStore;

const msg = (entryId: string, role: 'user' | 'assistant', text: string, at = 1000): StoredTurn => ({
  entryId,
  kind: 'message',
  role,
  text,
  createdAt: at,
  completedAt: at + 1,
});

function conversation(texts: Array<[role: 'user' | 'assistant', text: string]>, at = 1000): string {
  const id = store.startConversation('voice', at);
  store.saveTurns(id, texts.map(([role, text], i) => msg(`e${i}`, role, text, at + i)));
  return id;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-store-'));
  store = new HistoryStore(join(dir, 'history.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ftsQuery', () => {
  it('quotes every word, so FTS syntax typed by the user is only text', () => {
    expect(ftsQuery('hello world')).toBe('"hello" "world"*');
    expect(ftsQuery('a AND b OR NOT c')).toBe('"a" "AND" "b" "OR" "NOT" "c"*');
    expect(ftsQuery('  "  ')).toBeUndefined();
    expect(ftsQuery('NEAR(x y) col:z')).toBe('"NEAR" "x" "y" "col" "z"*');
  });
});

describe('HistoryStore', () => {
  it('lists conversations newest first, titled by the first user turn, with kind and date', () => {
    conversation([['user', 'What is the weather in Lisbon?'], ['assistant', 'Sunny, 24 degrees.']], 1000);
    const later = conversation([['assistant', 'Hi!'], ['user', 'Remind me to buy milk'], ['user', 'second']], 5000);
    store.recordDictation('Dear team, the release is on Friday.', 9000);
    const list = store.list();
    expect(list.map((c) => c.kind)).toEqual(['dictation', 'voice', 'voice']);
    expect(list[1]).toMatchObject({ id: later, title: 'Remind me to buy milk', turnCount: 3, createdAt: 5000 });
    expect(list[2]!.title).toBe('What is the weather in Lisbon?');
    expect(store.list({ kind: 'dictation' })).toHaveLength(1);
  });

  it('finds words across conversations and highlights the match', () => {
    const a = conversation([['user', 'Tell me about the Eiffel tower'], ['assistant', 'It is 330 metres tall.']]);
    conversation([['user', 'Something else entirely']]);
    const hits = store.search('eiffel');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ conversationId: a, entryId: 'e0', role: 'user' });
    expect(hits[0]!.snippet).toContain(`${HIGHLIGHT_OPEN}Eiffel${HIGHLIGHT_CLOSE}`);
    expect(snippetParts(hits[0]!.snippet).filter((p) => p.match).map((p) => p.text)).toEqual(['Eiffel']);
    // prefix of the last word (search as you type), all words required
    expect(store.search('metr')).toHaveLength(1);
    expect(store.search('eiffel metres')).toHaveLength(0);
  });

  it('treats quotes and FTS operators in the query as plain text, never as an error', () => {
    conversation([['user', 'He said "NEAR" and AND OR NOT: col:value (x*)']]);
    for (const q of ['"', '""', '"NEAR"', 'AND', 'OR NOT', 'col:value', '(x*', 'NEAR(', '-', '^', "it's", '*']) {
      expect(() => store.search(q)).not.toThrow();
    }
    expect(store.search('"NEAR"')).toHaveLength(1);
    expect(store.search('col:value')).toHaveLength(1);
    expect(store.search('AND OR')).toHaveLength(1);
  });

  it('searches non-ASCII text: Cyrillic, Greek, Latin accents folded, emoji ignored', () => {
    conversation([['user', 'Привет, как дела?'], ['assistant', 'Το καφέ είναι έτοιμο 🙂'], ['user', 'Ein Café in der Straße']]);
    expect(store.search('привет')).toHaveLength(1);
    expect(store.search('ДЕЛА')).toHaveLength(1);
    expect(store.search('καφέ')).toHaveLength(1);
    expect(store.search('cafe')).toHaveLength(1);
    expect(store.search('café')).toHaveLength(1);
    expect(store.search('straße')).toHaveLength(1);
    expect(store.search('🙂')).toHaveLength(0);
    expect(store.search('Привет')[0]!.snippet).toContain(`${HIGHLIGHT_OPEN}Привет${HIGHLIGHT_CLOSE}`);
  });

  it('keeps search in step with edits: a streamed turn rewritten in place is found by its final text only', () => {
    const id = store.startConversation('voice', 1);
    store.saveTurn(id, { ...msg('a', 'assistant', 'partial answ'), completedAt: undefined } as StoredTurn);
    store.saveTurn(id, msg('a', 'assistant', 'complete answer about giraffes'));
    expect(store.search('partial')).toHaveLength(0);
    expect(store.search('giraffes')).toHaveLength(1);
    expect(store.get(id)!.turns).toHaveLength(1);
  });

  it('deletes one conversation with its turns and search entries', () => {
    const a = conversation([['user', 'alpha secret']]);
    const b = conversation([['user', 'beta public']]);
    expect(store.delete(a)).toBe(true);
    expect(store.delete(a)).toBe(false);
    expect(store.get(a)).toBeUndefined();
    expect(store.search('secret')).toHaveLength(0);
    expect(store.list().map((c) => c.id)).toEqual([b]);
  });

  it('deletes everything', () => {
    conversation([['user', 'one']]);
    conversation([['user', 'two']]);
    store.recordQuick('q', 'a');
    expect(store.deleteAll()).toBe(3);
    expect(store.list()).toEqual([]);
    expect(store.search('one')).toEqual([]);
  });

  it('retention: deletes conversations last touched before the cut-off', () => {
    const old = conversation([['user', 'old news']], 1_000);
    const recent = conversation([['user', 'fresh news']], 100_000);
    expect(store.deleteOlderThan(50_000)).toBe(1);
    expect(store.get(old)).toBeUndefined();
    expect(store.get(recent)).toBeDefined();
    expect(store.search('news').map((h) => h.conversationId)).toEqual([recent]);
  });

  it('keeps tool calls, usage and cost with the turn, and a quick query as its own conversation', () => {
    const id = store.startConversation('voice', 1);
    store.saveTurns(id, [
      msg('u', 'user', 'what time is it'),
      { entryId: 't', kind: 'tool', role: 'tool', text: 'get_time', tool: { name: 'get_time', argumentsJson: '{}', status: 'done', output: '12:00' }, createdAt: 2, completedAt: 3 },
      { ...msg('a', 'assistant', 'It is noon.'), responseId: 'resp_1' },
    ]);
    store.saveUsage(id, 'resp_1', { latencyMs: 420, inputTokens: 1000, outputTokens: 50, costUsd: 0.00048 });
    const c = store.get(id)!;
    expect(c.turns[1]!.tool).toEqual({ name: 'get_time', argumentsJson: '{}', status: 'done', output: '12:00' });
    expect(c.turns[2]).toMatchObject({ latencyMs: 420, inputTokens: 1000, outputTokens: 50, costUsd: 0.00048 });
    expect(c.costUsd).toBeCloseTo(0.00048);
    const q = store.recordQuick('capital of France?', 'Paris.');
    expect(store.get(q)).toMatchObject({ kind: 'quick', title: 'capital of France?', turnCount: 2 });
  });

  it('stores audio only where asked to, and deletes it with the conversation', () => {
    const id = conversation([['assistant', 'spoken answer'], ['user', 'typed']]);
    store.saveAudio(id, 'e0', new Uint8Array([1, 2, 3, 4]), 24_000);
    expect(store.audioOf(id, 'e0')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(store.audioOf(id, 'e1')).toBeUndefined();
    expect(store.delete(id)).toBe(true);
    expect(store.audioOf(id, 'e0')).toBeUndefined();
  });
});
