import { randomUUID } from 'node:crypto';
import type { ConversationEntry, TurnMetrics } from '../../shared/conversation';
import type { HistoryStatus, StoredTurn } from '../../shared/history';
import type { HistorySettings } from '../../shared/history-settings';
import type { Logger } from '../../shared/logger';
import { entryToTurn, isComplete, SEED_ENTRY_PREFIX } from './entry-to-turn';
import type { HistoryPort, TurnUsage } from './history-port';
import { isDiskFull } from './open-history-db';
import { msToBytes, SAMPLE_RATE } from '../../shared/audio-format';

export interface TurnRecorderDeps {
  /** Absent when the store could not be opened: nothing is recorded, the app works on. */
  store: HistoryPort | undefined;
  settings: () => HistorySettings;
  logger: Logger;
  /** Told when writing starts failing (the problem, in words) or works again (undefined). */
  onProblem(problem: string | undefined): void;
  /** Something was written (for a debounced "history changed" event). */
  onWritten?(): void;
  /** A streaming (unfinished) turn is written at least this often (default 3 s). */
  flushIntervalMs?: number;
  /** A failed write is retried after this long (default 5 s). */
  retryMs?: number;
  now?: () => number;
}

/** Unwritten work of one conversation. */
interface Pending {
  createdAt: number;
  turns: Map<string, StoredTurn>;
  usage: Map<string, TurnUsage>;
  audio: Map<string, Uint8Array>;
}

/** Assistant audio kept per turn when the user turned audio keeping on (24 kHz PCM16, ≤ 5 minutes). */
const MAX_AUDIO_BYTES = msToBytes(300_000);

/**
 * Records the live conversation into the history store. A turn is committed the moment it is
 * complete (final text, a finished tool call); text still streaming stays in memory and is written
 * every `flushIntervalMs`, so a crash in a long answer loses at most that much. When a write fails
 * (disk full, database locked) everything unwritten stays here, per conversation, and is retried;
 * nothing is dropped. A conversation's row is written with its first turn, so "New conversation"
 * never leaves empty rows behind.
 */
export class TurnRecorder {
  private conversationId: string = randomUUID();
  private readonly pending = new Map<string, Pending>();
  /** Responses whose assistant turn is stored, so their usage can be written onto it. */
  private readonly storedResponses = new Set<string>();
  /** Assistant audio per item while it streams, with its running size (summing the chunks per delta was quadratic). */
  private readonly streamingAudio = new Map<string, { chunks: Uint8Array[]; bytes: number }>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private problem: string | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: TurnRecorderDeps) {
    this.now = deps.now ?? Date.now;
  }

  get currentConversationId(): string {
    return this.conversationId;
  }

  status(): HistoryStatus {
    let n = 0;
    for (const p of this.pending.values()) n += p.turns.size;
    return {
      available: this.deps.store !== undefined,
      pendingWrites: n,
      ...(this.problem ? { problem: this.problem } : {}),
      currentConversationId: this.conversationId,
    };
  }

  onEntry(entry: ConversationEntry): void {
    if (!this.recording() || entry.id.startsWith(SEED_ENTRY_PREFIX)) return;
    if (entry.kind === 'message' && entry.role === 'system') return;
    const turn = entryToTurn(entry, this.now());
    const p = this.current();
    p.turns.set(entry.id, turn);
    if (isComplete(entry)) {
      const pcm = this.takeAudio(entry.id);
      if (pcm) p.audio.set(entry.id, pcm);
      this.flush();
    } else {
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        this.flush();
      }, this.deps.flushIntervalMs ?? 3000);
    }
  }

  onMetrics(metrics: TurnMetrics, costUsd: number | undefined): void {
    if (!this.recording() || !metrics.responseId) return;
    const u: TurnUsage = {};
    if (metrics.latencyMs !== undefined) u.latencyMs = metrics.latencyMs;
    if (metrics.usage?.inputTokens !== undefined) u.inputTokens = metrics.usage.inputTokens;
    if (metrics.usage?.outputTokens !== undefined) u.outputTokens = metrics.usage.outputTokens;
    if (costUsd !== undefined) u.costUsd = costUsd;
    if (Object.keys(u).length === 0) return;
    this.current().usage.set(metrics.responseId, u);
    this.flush();
  }

  /** Assistant speech of one item; kept only with `keepAudio` on, written with the finished turn. */
  onAudio(itemId: string, pcm: ArrayBuffer): void {
    if (!this.recording() || !this.deps.settings().keepAudio) return;
    const item = this.streamingAudio.get(itemId) ?? { chunks: [], bytes: 0 };
    if (item.bytes + pcm.byteLength > MAX_AUDIO_BYTES) return;
    item.chunks.push(new Uint8Array(pcm.slice(0)));
    item.bytes += pcm.byteLength;
    this.streamingAudio.set(itemId, item);
  }

  /** Later turns go into a new conversation (its row is written with its first turn). */
  newConversation(): void {
    this.flush();
    this.conversationId = randomUUID();
    this.streamingAudio.clear();
  }

  /** Later turns are appended to an existing stored conversation (Continue). */
  continueConversation(id: string): void {
    this.flush();
    this.conversationId = id;
    this.streamingAudio.clear();
  }

  /** Writes everything unwritten now; on failure keeps it and retries later. True when all is written. */
  flush(): boolean {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const store = this.deps.store;
    if (!store || this.pending.size === 0) return true;
    try {
      for (const [id, p] of [...this.pending]) {
        this.write(store, id, p);
        if (p.turns.size === 0 && p.usage.size === 0 && p.audio.size === 0) this.pending.delete(id);
      }
      this.setProblem(undefined);
      this.deps.onWritten?.();
      return true;
    } catch (err) {
      const unsaved = this.status().pendingWrites;
      const why = isDiskFull(err)
        ? 'The disk is full, so the conversation is not being saved to history.'
        : `The conversation is not being saved to history (${String((err as Error)?.message ?? err).slice(0, 200)}).`;
      const retryS = Math.round((this.deps.retryMs ?? 5000) / 1000);
      this.setProblem(`${why} ${unsaved} unsaved item(s) are kept and retried every ${retryS} s; free some disk space.`);
      this.deps.logger.warn('history: write failed', { error: String(err) });
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = undefined;
        this.flush();
      }, this.deps.retryMs ?? 5000);
      return false;
    }
  }

  dispose(): void {
    this.flush();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.retryTimer = this.flushTimer = undefined;
  }

  /** One conversation's pending work; removes from `p` exactly what was written. */
  private write(store: HistoryPort, id: string, p: Pending): void {
    if (p.turns.size > 0) {
      const turns = [...p.turns.values()].map((t) => withUsage(t, p.usage));
      store.ensureConversation(id, 'voice', Math.min(p.createdAt, ...turns.map((t) => t.createdAt)));
      store.saveTurns(id, turns);
      p.turns.clear();
      for (const t of turns) {
        if (t.role === 'assistant' && t.responseId && t.completedAt !== undefined) {
          this.storedResponses.add(t.responseId);
          p.usage.delete(t.responseId);
        }
      }
    }
    for (const [entryId, pcm] of p.audio) {
      store.saveAudio(id, entryId, pcm, SAMPLE_RATE);
      p.audio.delete(entryId);
    }
    for (const [responseId, u] of p.usage) {
      // Usage of a response whose answer is not stored yet waits for it (then rides withUsage).
      if (!this.storedResponses.has(responseId)) continue;
      store.saveUsage(id, responseId, u);
      p.usage.delete(responseId);
    }
    // Usage of a response that never gets an assistant turn (tool-only, failed) must not pile up.
    while (p.usage.size > 32) p.usage.delete(p.usage.keys().next().value as string);
    while (this.storedResponses.size > 256) this.storedResponses.delete(this.storedResponses.values().next().value as string);
  }

  private current(): Pending {
    let p = this.pending.get(this.conversationId);
    if (!p) {
      p = { createdAt: this.now(), turns: new Map(), usage: new Map(), audio: new Map() };
      this.pending.set(this.conversationId, p);
    }
    return p;
  }

  private takeAudio(itemId: string): Uint8Array | undefined {
    const item = this.streamingAudio.get(itemId);
    if (!item) return undefined;
    this.streamingAudio.delete(itemId);
    const all = new Uint8Array(item.bytes);
    let at = 0;
    for (const c of item.chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return all;
  }

  private recording(): boolean {
    return this.deps.store !== undefined && this.deps.settings().retention !== 'off';
  }

  private setProblem(problem: string | undefined): void {
    if (problem === this.problem) return;
    const had = this.problem !== undefined;
    this.problem = problem;
    if (problem !== undefined || had) this.deps.onProblem(problem);
  }
}

function withUsage(t: StoredTurn, usage: Map<string, TurnUsage>): StoredTurn {
  const u = t.role === 'assistant' && t.responseId ? usage.get(t.responseId) : undefined;
  return u ? { ...t, ...u } : t;
}
