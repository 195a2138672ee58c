import { randomUUID } from 'node:crypto';
import {
  HIGHLIGHT_CLOSE,
  HIGHLIGHT_OPEN,
  type ConversationKind,
  type ConversationSummary,
  type SearchHit,
  type StoredConversation,
  type StoredTurn,
} from '../../shared/history';
import { ftsQuery } from './fts-query';
import type { HistoryPort, TurnUsage } from './history-port';
import { markClosed, openHistoryDb } from './open-history-db';
import type { DatabaseSync, SqlValue, StatementSync } from './sqlite';

const TITLE_CHARS = 80;

/** The history store over SQLite + FTS5 (see ./open-history-db.ts for the crash-safety settings). */
export class HistoryStore implements HistoryPort {
  /** Where a damaged database file was moved at open, for the notice shown to the user. */
  readonly movedAside: string | undefined;
  private readonly db: DatabaseSync;
  private readonly stmts = new Map<string, StatementSync>();

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {
    const opened = openHistoryDb(path, now);
    this.db = opened.db;
    this.movedAside = opened.movedAside;
  }

  startConversation(kind: ConversationKind, at = this.now()): string {
    const id = randomUUID();
    this.ensureConversation(id, kind, at);
    return id;
  }

  ensureConversation(id: string, kind: ConversationKind, at: number): void {
    this.q('INSERT OR IGNORE INTO conversations (id, kind, title, created_at, updated_at) VALUES (?, ?, \'\', ?, ?)').run(id, kind, at, at);
  }

  saveTurn(conversationId: string, turn: StoredTurn): void {
    this.saveTurns(conversationId, [turn]);
  }

  saveTurns(conversationId: string, turns: readonly StoredTurn[]): void {
    if (turns.length === 0) return;
    this.transaction(() => {
      const upsert = this.q(`
        INSERT INTO turns (conversation_id, entry_id, kind, role, text, source, interrupted, tool_json, response_id,
                           created_at, completed_at, latency_ms, input_tokens, output_tokens, cost_usd)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (conversation_id, entry_id) DO UPDATE SET
          text = excluded.text, source = excluded.source, interrupted = excluded.interrupted,
          tool_json = excluded.tool_json, response_id = excluded.response_id, completed_at = excluded.completed_at,
          latency_ms = coalesce(excluded.latency_ms, latency_ms), input_tokens = coalesce(excluded.input_tokens, input_tokens),
          output_tokens = coalesce(excluded.output_tokens, output_tokens), cost_usd = coalesce(excluded.cost_usd, cost_usd)`);
      let latest = 0;
      let title: string | undefined;
      for (const t of turns) {
        upsert.run(
          conversationId, t.entryId, t.kind, t.role, t.text, t.source ?? null, t.interrupted ? 1 : 0,
          t.tool ? JSON.stringify(t.tool) : null, t.responseId ?? null, t.createdAt, t.completedAt ?? null,
          t.latencyMs ?? null, t.inputTokens ?? null, t.outputTokens ?? null, t.costUsd ?? null,
        );
        latest = Math.max(latest, t.completedAt ?? t.createdAt);
        if (title === undefined && t.role === 'user' && t.text.trim()) title = shorten(t.text);
      }
      const r = this.q('UPDATE conversations SET updated_at = max(updated_at, ?), title = CASE WHEN title = \'\' THEN coalesce(?, \'\') ELSE title END WHERE id = ?')
        .run(latest, title ?? null, conversationId);
      if (Number(r.changes) === 0) throw new Error(`No conversation ${conversationId} (deleted meanwhile?)`);
    });
  }

  saveUsage(conversationId: string, responseId: string, usage: TurnUsage): void {
    this.q(`UPDATE turns SET latency_ms = coalesce(?, latency_ms), input_tokens = coalesce(?, input_tokens),
              output_tokens = coalesce(?, output_tokens), cost_usd = coalesce(?, cost_usd)
            WHERE id = (SELECT id FROM turns WHERE conversation_id = ? AND response_id = ? AND role = 'assistant' ORDER BY id LIMIT 1)`)
      .run(usage.latencyMs ?? null, usage.inputTokens ?? null, usage.outputTokens ?? null, usage.costUsd ?? null, conversationId, responseId);
  }

  saveAudio(conversationId: string, entryId: string, pcm: Uint8Array, sampleRate: number): void {
    this.q(`INSERT OR REPLACE INTO turn_audio (turn_id, sample_rate, pcm)
            SELECT id, ?, ? FROM turns WHERE conversation_id = ? AND entry_id = ?`).run(sampleRate, pcm, conversationId, entryId);
  }

  /** The stored audio of one turn, if any. */
  audioOf(conversationId: string, entryId: string): Uint8Array | undefined {
    const r = this.q('SELECT a.pcm FROM turn_audio a JOIN turns t ON t.id = a.turn_id WHERE t.conversation_id = ? AND t.entry_id = ?').get(conversationId, entryId);
    return r?.pcm instanceof Uint8Array ? r.pcm : undefined;
  }

  list(options: { limit?: number; offset?: number; kind?: ConversationKind } = {}): ConversationSummary[] {
    const rows = this.q(`
      SELECT c.id, c.kind, c.title, c.created_at, c.updated_at,
             (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count,
             (SELECT sum(cost_usd) FROM turns t WHERE t.conversation_id = c.id) AS cost
      FROM conversations c
      WHERE (? IS NULL OR c.kind = ?) AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)
      ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ? OFFSET ?`)
      .all(options.kind ?? null, options.kind ?? null, clamp(options.limit ?? 200, 1, 1000), Math.max(0, options.offset ?? 0));
    return rows.map(summaryOf);
  }

  get(id: string): StoredConversation | undefined {
    const c = this.q(`SELECT id, kind, title, created_at, updated_at, 0 AS turn_count,
                        (SELECT sum(cost_usd) FROM turns t WHERE t.conversation_id = conversations.id) AS cost
                      FROM conversations WHERE id = ?`).get(id);
    if (!c) return undefined;
    const turns = this.q('SELECT * FROM turns WHERE conversation_id = ? ORDER BY id').all(id).map(turnOf);
    return { ...summaryOf(c), turnCount: turns.length, turns };
  }

  search(text: string, options: { limit?: number } = {}): SearchHit[] {
    const match = ftsQuery(text);
    if (!match) return [];
    // Newest matches first: FTS5 walks its index in rowid order and stops at the limit, so a word
    // found in half of 100,000 turns costs no more than a rare one (ranking all matches by bm25
    // would not). snippet() runs only for the rows returned and marks matches with private-use chars.
    const rows = this.q(`
      SELECT t.conversation_id, c.kind, c.title, t.entry_id, t.role, t.created_at, f.snippet
      FROM (SELECT rowid, snippet(turns_fts, 0, ?, ?, '…', 12) AS snippet FROM turns_fts
            WHERE turns_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
      JOIN turns t ON t.id = f.rowid JOIN conversations c ON c.id = t.conversation_id
      ORDER BY f.rowid DESC`)
      .all(HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, match, clamp(options.limit ?? 50, 1, 500));
    return rows.map((r) => ({
      conversationId: String(r.conversation_id),
      kind: r.kind as ConversationKind,
      title: String(r.title),
      entryId: String(r.entry_id),
      role: String(r.role),
      snippet: String(r.snippet),
      createdAt: Number(r.created_at),
    }));
  }

  delete(id: string): boolean {
    return Number(this.q('DELETE FROM conversations WHERE id = ?').run(id).changes) > 0;
  }

  deleteAll(): number {
    const n = this.transaction(() => Number(this.q('DELETE FROM conversations').run().changes));
    // Give the space back and leave no deleted text in free pages or the WAL.
    this.db.exec("INSERT INTO turns_fts (turns_fts) VALUES ('optimize')");
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    return n;
  }

  deleteOlderThan(before: number): number {
    return Number(this.q('DELETE FROM conversations WHERE updated_at < ?').run(before).changes);
  }

  costSince(since: number): number {
    return Number(this.q('SELECT coalesce(sum(cost_usd), 0) AS c FROM turns WHERE completed_at >= ?').get(since)?.c ?? 0);
  }

  recordDictation(text: string, at = this.now()): string {
    return this.transaction(() => {
      const id = this.startConversation('dictation', at);
      this.saveTurn(id, { entryId: 'dictation', kind: 'message', role: 'user', text, source: 'voice', createdAt: at, completedAt: at });
      return id;
    });
  }

  recordQuick(question: string, answer: string, options: { at?: number; usage?: TurnUsage } = {}): string {
    const at = options.at ?? this.now();
    const done = this.now();
    return this.transaction(() => {
      const id = this.startConversation('quick', at);
      this.saveTurns(id, [
        { entryId: 'question', kind: 'message', role: 'user', text: question, source: 'text', createdAt: at, completedAt: at },
        { entryId: 'answer', kind: 'message', role: 'assistant', text: answer, createdAt: at, completedAt: done, ...definedUsage(options.usage) },
      ]);
      return id;
    });
  }

  close(): void {
    try {
      this.db.exec('PRAGMA optimize');
    } finally {
      this.db.close();
      markClosed(this.path);
    }
  }

  /** Test and bench seam: raw SQL on the open database. */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  private q(sql: string): StatementSync {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private depth = 0;

  /** Nested calls join the outer transaction (savepoints would cost a write each). */
  private transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    this.depth++;
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // SQLite may already have rolled back (e.g. on SQLITE_FULL); the original error matters.
      }
      throw err;
    } finally {
      this.depth--;
    }
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= TITLE_CHARS ? oneLine : `${oneLine.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

function definedUsage(u: TurnUsage | undefined): Partial<StoredTurn> {
  if (!u) return {};
  const out: Partial<StoredTurn> = {};
  if (u.latencyMs !== undefined) out.latencyMs = u.latencyMs;
  if (u.inputTokens !== undefined) out.inputTokens = u.inputTokens;
  if (u.outputTokens !== undefined) out.outputTokens = u.outputTokens;
  if (u.costUsd !== undefined) out.costUsd = u.costUsd;
  return out;
}

function summaryOf(r: Record<string, SqlValue>): ConversationSummary {
  return {
    id: String(r.id),
    kind: r.kind as ConversationKind,
    title: String(r.title),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    turnCount: Number(r.turn_count),
    ...(r.cost !== null && r.cost !== undefined ? { costUsd: Number(r.cost) } : {}),
  };
}

function turnOf(r: Record<string, SqlValue>): StoredTurn {
  const opt = <T>(v: SqlValue | undefined, f: (v: SqlValue) => T): T | undefined => (v === null || v === undefined ? undefined : f(v));
  const turn: StoredTurn = {
    entryId: String(r.entry_id),
    kind: r.kind === 'tool' ? 'tool' : 'message',
    role: r.role as StoredTurn['role'],
    text: String(r.text),
    createdAt: Number(r.created_at),
  };
  const source = opt(r.source, String);
  if (source === 'voice' || source === 'text') turn.source = source;
  if (Number(r.interrupted) === 1) turn.interrupted = true;
  const tool = opt(r.tool_json, (v) => JSON.parse(String(v)) as StoredTurn['tool']);
  if (tool) turn.tool = tool;
  const fields = [
    ['responseId', opt(r.response_id, String)],
    ['completedAt', opt(r.completed_at, Number)],
    ['latencyMs', opt(r.latency_ms, Number)],
    ['inputTokens', opt(r.input_tokens, Number)],
    ['outputTokens', opt(r.output_tokens, Number)],
    ['costUsd', opt(r.cost_usd, Number)],
  ] as const;
  for (const [k, v] of fields) if (v !== undefined) Object.assign(turn, { [k]: v });
  return turn;
}
