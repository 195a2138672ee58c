import type { Disposable } from '../../../shared/disposable';
import type { ConversationEntry, TurnMetrics } from '../../../shared/conversation';
import type { HistoryStatus } from '../../../shared/history';
import { CostMeter } from '../../history/cost-meter';
import type { HistoryPort } from '../../history/history-port';
import { conversationToMarkdown, exportFilename } from '../../history/markdown-export';
import { seedFromTurns, type SeedItem } from '../../history/seed-budget';
import { TurnRecorder } from '../../history/turn-recorder';
import { CallFailure } from '../../../shared/ipc/call-result';
import type { CallHandlers } from '../../../shared/ipc/contract';
import type { Logger } from '../../../shared/logger';
import type { EventSink, SettingsStorePort } from '../ports';

export interface HistoryServiceDeps {
  /** Absent when the database could not be opened (the app works on without history). */
  store: HistoryPort | undefined;
  /** Why the store is absent or was replaced (shown once as a notice). */
  openProblem?: string;
  settings: SettingsStorePort;
  events: EventSink;
  logger: Logger;
  notice(level: 'info' | 'warn' | 'error', message: string): void;
  /** Clears the displayed conversation and opens a new model context, seeded when continuing. */
  startFresh(seed: SeedItem[]): Promise<void>;
  now?: () => number;
}

type HistoryCalls =
  | 'conversation.new'
  | 'history.list'
  | 'history.search'
  | 'history.get'
  | 'history.continue'
  | 'history.export'
  | 'history.delete'
  | 'history.deleteAll'
  | 'history.status'
  | 'usage.totals';

const DAY_MS = 86_400_000;
const RETENTION_EVERY_MS = 3_600_000;

/**
 * The app side of the history: records the live conversation (TurnRecorder), prices each turn
 * (CostMeter), applies the retention setting, and answers the history calls of the contract.
 * "New conversation" and "Continue" both start a new realtime session, so the model's context is
 * exactly what the user sees; the old conversation stays only in the store.
 */
export class HistoryService implements Disposable {
  readonly recorder: TurnRecorder;
  readonly cost: CostMeter;
  private readonly subs: Disposable[] = [];
  private changedTimer: ReturnType<typeof setTimeout> | undefined;
  private retentionTimer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: HistoryServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.recorder = new TurnRecorder({
      store: deps.store,
      settings: () => deps.settings.get().history,
      logger: deps.logger,
      onProblem: (problem) => {
        if (problem) deps.notice('error', problem);
        else deps.notice('info', 'History is being saved again; nothing was lost.');
        deps.events.emit('history.status', this.status());
      },
      onWritten: () => this.changed(),
    });
    this.cost = new CostMeter(
      () => deps.settings.get().pricing,
      () => deps.settings.get().model,
      (since) => deps.store?.costSince(since) ?? 0,
      this.now,
    );
    if (deps.openProblem) deps.notice('warn', deps.openProblem);
    this.applyRetention();
    this.retentionTimer = setInterval(() => this.applyRetention(), RETENTION_EVERY_MS);
    this.retentionTimer.unref?.();
    let prev = deps.settings.get().history;
    this.subs.push(
      deps.settings.onDidChange((s) => {
        if (s.history.retention !== prev.retention || s.history.days !== prev.days) this.applyRetention();
        prev = s.history;
        deps.events.emit('usage.totals', this.cost.totals());
      }),
    );
  }

  onEntry(entry: ConversationEntry): void {
    this.recorder.onEntry(entry);
  }

  onAudio(itemId: string, pcm: ArrayBuffer): void {
    this.recorder.onAudio(itemId, pcm);
  }

  /** Prices the turn, records it, and returns the metrics with their cost for the renderer. */
  onMetrics(metrics: TurnMetrics): TurnMetrics & { costUsd?: number } {
    const costUsd = this.cost.price(metrics);
    this.recorder.onMetrics(metrics, costUsd);
    if (costUsd !== undefined) this.deps.events.emit('usage.totals', this.cost.totals());
    return costUsd !== undefined ? { ...metrics, costUsd } : metrics;
  }

  /** One finished dictation, saved as its own conversation of kind 'dictation' (for the dictation feature). */
  recordDictation(text: string): void {
    if (!this.deps.store || this.deps.settings.get().history.retention === 'off' || !text.trim()) return;
    try {
      this.deps.store.recordDictation(text);
      this.changed();
    } catch (err) {
      this.deps.logger.warn('history: dictation not saved', { error: String(err) });
    }
  }

  /** A quick query answered outside the voice conversation, saved as its own conversation. */
  recordQuick(question: string, answer: string): void {
    if (!this.deps.store || this.deps.settings.get().history.retention === 'off') return;
    try {
      this.deps.store.recordQuick(question, answer);
      this.changed();
    } catch (err) {
      this.deps.logger.warn('history: quick query not saved', { error: String(err) });
    }
  }

  /** The recorder's state; a failing write is the problem to show, else why the store was replaced or is off. */
  status(): HistoryStatus {
    const s = this.recorder.status();
    const problem = s.problem ?? this.deps.openProblem;
    return { ...s, ...(problem ? { problem } : {}) };
  }

  readonly handlers: Pick<CallHandlers, HistoryCalls> = {
    'conversation.new': async () => {
      await this.fresh(undefined, []);
      return { ok: true };
    },
    'history.list': (input) => this.store().list(input ?? {}),
    'history.search': ({ text, limit }) => this.store().search(text, limit !== undefined ? { limit } : {}),
    'history.get': ({ id }) => this.conversation(id),
    'history.continue': async ({ id }) => {
      const c = this.conversation(id);
      await this.fresh(id, seedFromTurns(c.turns));
      return { ok: true };
    },
    'history.export': ({ id }) => {
      const c = this.conversation(id);
      return { filename: exportFilename(c), markdown: conversationToMarkdown(c) };
    },
    'history.delete': ({ id }) => {
      if (!this.store().delete(id)) throw new CallFailure('That conversation is no longer in the history.');
      if (id === this.recorder.currentConversationId) this.recorder.newConversation();
      this.changed();
      return { ok: true };
    },
    'history.deleteAll': () => {
      this.recorder.newConversation();
      const deleted = this.store().deleteAll();
      this.changed();
      return { deleted };
    },
    'history.status': () => this.status(),
    'usage.totals': () => this.cost.totals(),
  };

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.recorder.dispose();
  }

  private async fresh(continueId: string | undefined, seed: SeedItem[]): Promise<void> {
    if (continueId) this.recorder.continueConversation(continueId);
    else this.recorder.newConversation();
    this.cost.resetSession();
    this.deps.events.emit('usage.totals', this.cost.totals());
    this.deps.events.emit('history.status', this.status());
    await this.deps.startFresh(seed);
  }

  private store(): HistoryPort {
    if (!this.deps.store) throw new CallFailure(this.deps.openProblem ?? 'The history is not available on this system.');
    return this.deps.store;
  }

  private conversation(id: string) {
    const c = this.store().get(id);
    if (!c) throw new CallFailure('That conversation is no longer in the history.');
    return c;
  }

  private applyRetention(): void {
    const store = this.deps.store;
    if (!store) return;
    const h = this.deps.settings.get().history;
    try {
      const n = h.retention === 'off' ? store.deleteAll() : h.retention === 'days' ? store.deleteOlderThan(this.now() - h.days * DAY_MS) : 0;
      if (n > 0) {
        this.deps.logger.info('history: retention applied', { retention: h.retention, deleted: n });
        this.changed();
      }
    } catch (err) {
      this.deps.logger.warn('history: retention failed', { error: String(err) });
    }
  }

  private changed(): void {
    this.changedTimer ??= setTimeout(() => {
      this.changedTimer = undefined;
      this.deps.events.emit('history.changed', {});
    }, 300);
  }
}
