import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import { CURRENT_SCHEMA_VERSION, migrateSchema, SCHEMA_MIGRATIONS, schemaVersion } from '../../../src/main/history/schema-migrations';
import { openDatabase, type DatabaseSync } from '../../../src/main/history/sqlite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows as an app of schema version `v` would have written them (only columns that version had). */
function seedAt(db: DatabaseSync, v: number): void {
  if (v < 1) return;
  db.exec(`INSERT INTO conversations (id, kind, title, created_at, updated_at) VALUES ('c1', 'voice', 'Ask about Kyoto', 10, 20)`);
  db.exec(`INSERT INTO turns (conversation_id, entry_id, kind, role, text, created_at, completed_at)
           VALUES ('c1', 'u1', 'message', 'user', 'Ask about Kyoto temples', 10, 11),
                  ('c1', 'a1', 'message', 'assistant', 'Kiyomizu-dera is the best known.', 12, 20)`);
}

describe('history schema migrations', () => {
  it('versions are consecutive and the current one is the last', () => {
    expect(SCHEMA_MIGRATIONS.map((m) => m.to)).toEqual(SCHEMA_MIGRATIONS.map((_, i) => i + 1));
    expect(CURRENT_SCHEMA_VERSION).toBe(SCHEMA_MIGRATIONS.length);
  });

  for (let from = 0; from < CURRENT_SCHEMA_VERSION; from++) {
    it(`opens a version ${from} database, keeps its data and brings it to version ${CURRENT_SCHEMA_VERSION}`, () => {
      const path = join(dir, `v${from}.db`);
      const db = openDatabase(path);
      migrateSchema(db, from);
      expect(schemaVersion(db)).toBe(from);
      seedAt(db, from);
      db.close();

      const store = new HistoryStore(path);
      try {
        const raw = openDatabase(path);
        expect(schemaVersion(raw)).toBe(CURRENT_SCHEMA_VERSION);
        raw.close();
        if (from >= 1) {
          // old rows are listed, readable and searchable (FTS was backfilled when it was added)
          expect(store.list().map((c) => c.title)).toEqual(['Ask about Kyoto']);
          expect(store.get('c1')!.turns.map((t) => t.text)).toEqual(['Ask about Kyoto temples', 'Kiyomizu-dera is the best known.']);
          expect(store.search('kiyomizu').map((h) => h.entryId)).toEqual(['a1']);
        }
        // and the current schema works for new writes (usage columns, audio table)
        const id = store.startConversation('quick', 100);
        store.saveTurn(id, { entryId: 'x', kind: 'message', role: 'assistant', text: 'new turn', responseId: 'r', createdAt: 100, completedAt: 101 });
        store.saveUsage(id, 'r', { inputTokens: 5, outputTokens: 6, costUsd: 0.01 });
        store.saveAudio(id, 'x', new Uint8Array([9]), 24_000);
        expect(store.get(id)!.turns[0]).toMatchObject({ inputTokens: 5, outputTokens: 6, costUsd: 0.01 });
        expect(store.search('new turn')).toHaveLength(1);
      } finally {
        store.close();
      }
    });
  }

  it('refuses a database from a newer app instead of writing to it', () => {
    const path = join(dir, 'future.db');
    const db = openDatabase(path);
    migrateSchema(db);
    db.exec(`PRAGMA user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new HistoryStore(path)).toThrow(/newer version of the app/);
  });

  it('a failing step rolls back with its version bump', () => {
    const path = join(dir, 'half.db');
    const db = openDatabase(path);
    migrateSchema(db, 1);
    db.exec('CREATE TABLE turns_fts (x)'); // makes step 2 fail part-way
    expect(() => migrateSchema(db)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'turns_fts_insert'").get()!.n).toBe(0);
    db.close();
  });
});
