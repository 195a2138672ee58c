import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinHarness, type BuiltinHarness } from './builtin-harness';
import { call, never, parse } from './helpers';

let h: BuiltinHarness;
beforeEach(() => {
  h = builtinHarness();
});
afterEach(() => h.cleanup());

const notesPath = () => path.join(h.dataDir, 'notes.jsonl');

describe('notes_append / notes_search', () => {
  it('appends timestamped notes to a JSON-lines file in the data folder', async () => {
    const out = parse(await h.runtime.execute(call('notes_append', { text: 'Buy milk\nand eggs' }), never()));
    expect(out.saved).toBe(true);
    const lines = readFileSync(notesPath(), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { at: string; text: string };
    expect(entry.text).toBe('Buy milk\nand eggs');
    expect(entry.at).toBe(out.at);
    expect(h.requests[0]?.summary).toMatch(/Save a note: "Buy milk/);
  });

  it('searches case-insensitively, all words, newest first, with a cap', async () => {
    for (const text of ['Call ALICE about the report', 'dentist on friday', 'alice birthday gift', 'Report for alice due']) {
      await h.runtime.execute(call('notes_append', { text }), never());
    }
    const out = parse(await h.runtime.execute(call('notes_search', { query: 'alice REPORT' }), never()));
    expect((out.matches as Array<{ text: string }>).map((m) => m.text)).toEqual(['Report for alice due', 'Call ALICE about the report']);
    const capped = parse(await h.runtime.execute(call('notes_search', { query: 'alice', limit: 1 }), never()));
    expect(capped).toMatchObject({ total: 3, shown: 1 });
    expect(parse(await h.runtime.execute(call('notes_search', { query: 'zebra' }), never()))).toMatchObject({ total: 0, matches: [] });
  });

  it('keeps concurrent appends intact and skips a torn line', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.runtime.execute(call('notes_append', { text: `note ${i}` }), never())));
    appendFileSync(notesPath(), '{"at":"2020-01-01T00:00:00Z","te');
    const out = parse(await h.runtime.execute(call('notes_search', { query: 'note', limit: 50 }), never()));
    expect(out.total).toBe(20);
  });

  it('searches an absent notes file as empty and rejects bad input', async () => {
    expect(parse(await h.runtime.execute(call('notes_search', { query: 'x' }), never())).total).toBe(0);
    expect(parse(await h.runtime.execute(call('notes_search', { query: '   ' }), never())).error).toMatch(/invalid arguments/);
    expect(parse(await h.runtime.execute(call('notes_search', { query: 'x', limit: 1000 }), never())).error).toMatch(/invalid arguments/);
    expect(parse(await h.runtime.execute(call('notes_append', { text: 'y'.repeat(5000) }), never())).error).toMatch(/invalid arguments/);
  });

  it.each([
    ['notes_append', 'missing text', {}, 'expected string, received undefined'],
    ['notes_append', 'non-string text', { text: 12 }, 'expected string, received number'],
    ['notes_append', 'empty text', { text: '' }, 'expected string to have >=1 characters'],
    ['notes_search', 'missing query', {}, 'expected string, received undefined'],
    ['notes_search', 'a fractional limit', { query: 'x', limit: 1.5 }, 'expected int, received number'],
  ])('%s with %s answers a clear error, asks nothing and writes no file', async (tool, _what, args, error) => {
    const out = parse(await h.runtime.execute(call(tool, args), never()));
    expect(String(out.error)).toMatch(new RegExp(`^${tool}: invalid arguments: `));
    expect(out.error).toContain(error);
    expect(h.requests).toEqual([]);
    expect(existsSync(notesPath())).toBe(false);
  });
});
