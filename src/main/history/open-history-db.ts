import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    checkHeader(path);
    return { ...openChecked(path, existsSync(openMarker(path))) };
  } catch (err) {
    if (!isDamage(err) || !existsSync(path)) throw err;
    const aside = `${path}.damaged-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm', '.open']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    return { ...openChecked(path, false), movedAside: aside };
  }
}

/** Present while a process has the database open; left behind by a crash (see openChecked). */
export function openMarker(path: string): string {
  return `${path}.open`;
}

/** Marks a clean close: the next open can skip the full check. */
export function markClosed(path: string): void {
  rmSync(openMarker(path), { force: true });
}

/**
 * Cheap checks that need no scan: the file starts with SQLite's magic string and is at least as
 * long as its header says (a truncated copy or a half-written file is not).
 */
function checkHeader(path: string): void {
  if (!existsSync(path)) return;
  const size = statSync(path).size;
  if (size === 0) return;
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(100);
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const damaged = (why: string) => Object.assign(new Error(why), { damaged: true });
  if (size < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw damaged('file is not a database');
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const pages = header.readUInt32BE(28);
  if (pages > 0 && size < pages * pageSize) throw damaged(`truncated: ${size} bytes, the header says ${pages * pageSize}`);
}

/**
 * Opens with the crash-safe settings and migrates. The full quick check (a scan of the whole
 * file, ~1 s per 100,000 turns on a slow disk) runs only when the last process that had the file
 * open did not close it cleanly, so a normal start stays fast.
 */
function openChecked(path: string, uncleanLastClose: boolean): { db: DatabaseSync; migrations: string[] } {
  const db = openDatabase(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    if (uncleanLastClose) {
      const check = db.prepare('PRAGMA quick_check').all();
      const verdict = check.map((r) => String(Object.values(r)[0])).join('; ');
      if (verdict !== 'ok') throw Object.assign(new Error(`quick_check: ${verdict.slice(0, 300)}`), { damaged: true });
    }
    const migrations = migrateSchema(db);
    writeFileSync(openMarker(path), String(process.pid));
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
