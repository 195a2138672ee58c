import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import { openDatabase } from '../../../src/main/history/sqlite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const WRITER = join(__dirname, 'fixtures', 'turn-writer.ts');

describe('history crash safety', () => {
  it('a writer killed with SIGKILL mid-write loses nothing it had committed', async () => {
    const path = join(dir, 'history.db');
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const acked = await new Promise<number>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.trim().split('\n');
        const last = Number(lines[lines.length - 1]);
        // Kill while it is writing flat out; the WAL is still un-checkpointed at that point.
        if (last >= 300) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const conversationId = /conversation (\S+)/.exec(out)![1]!;
    const lastAcked = Number(out.trim().split('\n').pop());
    expect(lastAcked).toBeGreaterThanOrEqual(acked);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);

    const store = new HistoryStore(path);
    try {
      expect(store.movedAside).toBeUndefined();
      const turns = store.get(conversationId)!.turns;
      // every acknowledged turn is there, in order; at most the one being written when killed is extra
      expect(turns.length).toBeGreaterThanOrEqual(lastAcked + 1);
      expect(turns.length).toBeLessThanOrEqual(lastAcked + 2);
      expect(turns.slice(0, lastAcked + 1).map((t) => t.entryId)).toEqual(Array.from({ length: lastAcked + 1 }, (_, i) => `t${i}`));
      expect(store.search(`marker${lastAcked}`).map((h) => h.entryId)).toEqual([`t${lastAcked}`]);
      expect(store.search('marker0').map((h) => h.entryId)).toEqual(['t0']);
    } finally {
      store.close();
    }
    const db = openDatabase(path);
    expect(db.prepare('PRAGMA integrity_check').get()!.integrity_check).toBe('ok');
    db.close();
  });

  it('a file that is not a database is moved aside, untouched, and a new history starts', () => {
    const path = join(dir, 'history.db');
    const garbage = Buffer.from('this is not sqlite at all '.repeat(200));
    writeFileSync(path, garbage);
    const store = new HistoryStore(path, () => Date.UTC(2026, 11, 1, 21, 0, 0));
    try {
      expect(store.movedAside).toBe(`${path}.damaged-2026-12-01T21-00-00-000Z`);
      expect(readFileSync(store.movedAside!)).toEqual(garbage);
      const id = store.startConversation('voice');
      store.saveTurn(id, { entryId: 'a', kind: 'message', role: 'user', text: 'fresh start', createdAt: 1, completedAt: 2 });
      expect(store.search('fresh')).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('after an unclean close the full check runs: a damaged page is found and the file moved aside', () => {
    const path = join(dir, 'history.db');
    const first = new HistoryStore(path);
    const id = first.startConversation('voice', 1);
    for (let i = 0; i < 300; i++) first.saveTurn(id, { entryId: `e${i}`, kind: 'message', role: 'user', text: `filler text number ${i} `.repeat(20), createdAt: i });
    first.close();
    expect(existsSync(`${path}.open`)).toBe(false); // a clean close leaves no marker
    // Scribble over pages in the middle (not the header), as a failing disk or a bad copy would.
    const bytes = readFileSync(path);
    bytes.fill(0xa5, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192);
    writeFileSync(path, bytes);
    writeFileSync(`${path}.open`, '12345'); // the last process died with the file open

    const store = new HistoryStore(path);
    try {
      expect(store.movedAside).toMatch(/history\.db\.damaged-/);
      expect(store.list()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a truncated database is moved aside and a new history starts', () => {
    const path = join(dir, 'history.db');
    const first = new HistoryStore(path);
    const id = first.startConversation('voice', 1);
    const text = 'some words to fill pages '.repeat(50);
    for (let i = 0; i < 400; i++) first.saveTurn(id, { entryId: `e${i}`, kind: 'message', role: 'user', text: `${text} ${i}`, createdAt: i });
    first.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    first.close();
    const size = statSync(path).size;
    truncateSync(path, Math.floor(size / 3));
    writeFileSync(`${path}-wal`, Buffer.alloc(0));

    const store = new HistoryStore(path);
    try {
      expect(store.movedAside).toMatch(/history\.db\.damaged-/);
      expect(statSync(store.movedAside!).size).toBe(Math.floor(size / 3));
      expect(store.list()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
