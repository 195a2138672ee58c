import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrateSchema } from './schema-migrations';
import { openDatabase, type DatabaseSync } from './sqlite';

/**
 * Opens (creating if needed) the history database crash-safely: WAL journal, so a writer killed
 * mid-transaction leaves every earlier commit readable and the torn one rolled back on the next
 * open; synchronous=NORMAL, which in WAL mode survives any process crash (only an OS crash or power
 * cut can lose the last moments, never corrupt the file); foreign keys on for cascading deletes.
 *
 * A file that is not a database, or fails SQLite's quick check (corrupt, truncated), is moved aside
 * with its -wal/-shm next to it and a new database is started; `movedAside` says where, for the
 * notice the user sees. The old file is never deleted: it may still be recoverable.
 */
export interface OpenedHistoryDb {
  db: DatabaseSync;
  /** Path the damaged file was moved to, when it was. */
  movedAside?: string;
  migrations: string[];
}

export function openHistoryDb(path: string, now: () => number = Date.now): OpenedHistoryDb {
  mkdirSync(dirname(path), { recursive: true });
  try {
    return { ...openChecked(path) };
  } catch (err) {
    if (!isDamage(err) || !existsSync(path)) throw err;
    const aside = `${path}.damaged-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    return { ...openChecked(path), movedAside: aside };
  }
}

function openChecked(path: string): { db: DatabaseSync; migrations: string[] } {
  const db = openDatabase(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    const check = db.prepare('PRAGMA quick_check').all();
    const verdict = check.map((r) => String(Object.values(r)[0])).join('; ');
    if (verdict !== 'ok') throw Object.assign(new Error(`quick_check: ${verdict.slice(0, 300)}`), { damaged: true });
    const migrations = migrateSchema(db);
    return { db, migrations };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** SQLITE_CORRUPT (11), SQLITE_NOTADB (26), or a failed quick check. */
export function isDamage(err: unknown): boolean {
  const e = err as { errcode?: number; damaged?: boolean; message?: string };
  if (e?.damaged) return true;
  const primary = typeof e?.errcode === 'number' ? e.errcode & 0xff : undefined;
  if (primary === 11 || primary === 26) return true;
  return /file is not a database|database disk image is malformed/i.test(String(e?.message ?? ''));
}

/** SQLITE_FULL (13): the disk (or the database's size cap) is full. */
export function isDiskFull(err: unknown): boolean {
  const e = err as { errcode?: number; message?: string };
  if (typeof e?.errcode === 'number' && (e.errcode & 0xff) === 13) return true;
  return /database or disk is full|no space left/i.test(String(e?.message ?? ''));
}
