import type { DatabaseSync } from './sqlite';

/**
 * Versioned schema of the history database. `PRAGMA user_version` holds the version; each step
 * runs in its own transaction together with the version bump, so a crash mid-migration leaves the
 * previous version intact. Steps are append-only: a released step is never edited, a change is a
 * new step (test/main/history/schema-migrations.test.ts opens a database of every earlier version).
 */
export interface SchemaMigration {
  to: number;
  describe: string;
  sql: string;
}

export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    to: 1,
    describe: 'conversations and their turns',
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('voice', 'quick', 'dictation')),
        title TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        source TEXT,
        interrupted INTEGER NOT NULL DEFAULT 0,
        tool_json TEXT,
        response_id TEXT,
        created_at INTEGER NOT NULL,
        completed_at INTEGER,
        UNIQUE (conversation_id, entry_id)
      );
      CREATE INDEX turns_by_conversation ON turns (conversation_id, id);`,
  },
  {
    to: 2,
    describe: 'full-text search over turn text (FTS5, diacritics folded)',
    sql: `
      CREATE VIRTUAL TABLE turns_fts USING fts5(
        text, content='turns', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
        INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
        INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns BEGIN
        INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
      END;
      INSERT INTO turns_fts (turns_fts) VALUES ('rebuild');`,
  },
  {
    to: 3,
    describe: 'per-turn latency, usage and cost; optional audio; list by recency',
    sql: `
      ALTER TABLE turns ADD COLUMN latency_ms REAL;
      ALTER TABLE turns ADD COLUMN input_tokens INTEGER;
      ALTER TABLE turns ADD COLUMN output_tokens INTEGER;
      ALTER TABLE turns ADD COLUMN cost_usd REAL;
      CREATE TABLE turn_audio (
        turn_id INTEGER PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
        sample_rate INTEGER NOT NULL,
        pcm BLOB NOT NULL
      );
      CREATE INDEX conversations_by_recency ON conversations (updated_at DESC);
      CREATE INDEX turns_by_response ON turns (conversation_id, response_id);`,
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_MIGRATIONS[SCHEMA_MIGRATIONS.length - 1]!.to;

export function schemaVersion(db: DatabaseSync): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

/**
 * Brings `db` up to `target` (default: the current version). Returns the steps applied. A database
 * from a newer app (a downgrade) is refused rather than written with an older idea of the schema.
 */
export function migrateSchema(db: DatabaseSync, target = CURRENT_SCHEMA_VERSION): string[] {
  const from = schemaVersion(db);
  if (from > CURRENT_SCHEMA_VERSION) {
    throw new Error(`The history database is from a newer version of the app (schema ${from}, this app knows ${CURRENT_SCHEMA_VERSION}).`);
  }
  const applied: string[] = [];
  for (const step of SCHEMA_MIGRATIONS) {
    if (step.to <= from || step.to > target) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(step.sql);
      db.exec(`PRAGMA user_version = ${step.to}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    applied.push(step.describe);
  }
  return applied;
}
