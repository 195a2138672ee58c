import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { DictationEntry } from '../../shared/dictation';

/**
 * The dictation journal: a JSON-lines file in the app data folder, one line per step of each
 * dictation (recorded → transcribed → inserted | copied | unconfirmed | failed | cancelled), each
 * written with fsync before the next step starts — in particular before the clipboard is touched,
 * so a crash or `kill -9` at any moment leaves the words on disk. On open, dictations left without
 * an outcome by a process that is gone are marked `unconfirmed` (their text is shown and "paste
 * last" can insert it, once) or `failed` (no transcript had come). The file is private (0600) and
 * compacted to the newest `maxEntries` dictations.
 */
export const JOURNAL_FILE = 'dictations.jsonl';

const OutcomeState = z.enum(['inserted', 'copied', 'printed', 'unconfirmed', 'failed', 'cancelled']);
export const JournalRecordSchema = z.discriminatedUnion('state', [
  z.object({
    id: z.string(), at: z.number(), state: z.literal('recorded'), pid: z.number().int(),
    durationMs: z.number(), targetClass: z.string().optional(), source: z.string().optional(),
  }),
  z.object({ id: z.string(), at: z.number(), state: z.literal('transcribed'), raw: z.string(), text: z.string() }),
  z.object({ id: z.string(), at: z.number(), state: OutcomeState, reason: z.string().optional(), via: z.string().optional() }),
]);
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

export type { DictationEntry };

export interface JournalOptions {
  maxEntries?: number;
  /** Test seam: is the process that wrote a dictation still running? */
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DictationJournal {
  private fd: number;
  private readonly entries = new Map<string, DictationEntry>();
  private readonly now: () => number;
  /** Dictations that a previous run left without a confirmed outcome, found at open. */
  readonly recovered: DictationEntry[] = [];

  constructor(
    readonly file: string,
    private readonly opts: JournalOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    let records = 0;
    for (const line of lines) {
      if (!line.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // a line cut short by a crash: everything before it is intact
      }
      const r = JournalRecordSchema.safeParse(parsed);
      if (!r.success) continue;
      this.apply(r.data);
      records++;
    }
    const max = opts.maxEntries ?? 200;
    if (this.entries.size > max || records > max * 6) this.compact(max);
    this.fd = openSync(file, 'a', 0o600);
    this.recover(opts.isAlive ?? processAlive);
  }

  /** Appends one step and forces it to disk before returning. */
  record(rec: JournalRecord): DictationEntry {
    const line = `${JSON.stringify(JournalRecordSchema.parse(rec))}\n`;
    writeSync(this.fd, line);
    fsyncSync(this.fd);
    return this.apply(rec);
  }

  get(id: string): DictationEntry | undefined {
    return this.entries.get(id);
  }

  /** Newest first. */
  list(): DictationEntry[] {
    return [...this.entries.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  /** The newest dictation that has text (what "paste last" inserts). */
  last(): DictationEntry | undefined {
    return this.list().find((e) => e.text !== undefined);
  }

  newId(): string {
    return `d-${this.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {}
  }

  private apply(rec: JournalRecord): DictationEntry {
    const prev = this.entries.get(rec.id);
    const e: DictationEntry = prev ?? { id: rec.id, startedAt: rec.at, updatedAt: rec.at, state: rec.state };
    e.updatedAt = rec.at;
    e.state = rec.state;
    if (rec.state === 'recorded') {
      e.startedAt = rec.at;
      e.pid = rec.pid;
      e.durationMs = rec.durationMs;
      if (rec.targetClass) e.targetClass = rec.targetClass;
    } else if (rec.state === 'transcribed') {
      e.text = rec.text;
      e.raw = rec.raw;
    } else if (rec.reason) e.reason = rec.reason;
    else delete e.reason;
    if (!prev) this.entries.set(rec.id, e);
    return e;
  }

  private recover(isAlive: (pid: number) => boolean): void {
    for (const e of this.list()) {
      if (e.state !== 'recorded' && e.state !== 'transcribed') continue;
      if (e.pid && e.pid !== process.pid && isAlive(e.pid)) continue;
      if (e.state === 'transcribed') {
        this.record({ id: e.id, at: this.now(), state: 'unconfirmed', reason: 'the app stopped before the insertion was confirmed' });
      } else {
        this.record({ id: e.id, at: this.now(), state: 'failed', reason: 'the app stopped before the transcript came' });
      }
      const updated = this.entries.get(e.id);
      if (updated) this.recovered.push(updated);
    }
  }

  /** Rewrites the newest `max` dictations to a temp file, fsyncs it and renames it over the journal. */
  private compact(max: number): void {
    const keep = this.list().slice(0, max);
    this.entries.clear();
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    for (const e of keep.reverse()) {
      for (const rec of recordsOf(e)) {
        writeSync(fd, `${JSON.stringify(rec)}\n`);
        this.apply(rec);
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
  }
}

/** The records that rebuild an entry (used by compaction). */
function recordsOf(e: DictationEntry): JournalRecord[] {
  const out: JournalRecord[] = [
    { id: e.id, at: e.startedAt, state: 'recorded', pid: e.pid ?? 0, durationMs: e.durationMs ?? 0, ...(e.targetClass ? { targetClass: e.targetClass } : {}) },
  ];
  if (e.text !== undefined) out.push({ id: e.id, at: e.startedAt, state: 'transcribed', raw: e.raw ?? e.text, text: e.text });
  if (e.state !== 'recorded' && e.state !== 'transcribed') out.push({ id: e.id, at: e.updatedAt, state: e.state, ...(e.reason ? { reason: e.reason } : {}) });
  return out;
}
