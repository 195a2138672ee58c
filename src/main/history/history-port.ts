import type {
  ConversationKind,
  ConversationSummary,
  SearchHit,
  StoredConversation,
  StoredTurn,
} from '../../shared/history';

/**
 * What the app, the `history` CLI and `ask` need from the history store. Electron-free; the
 * SQLite implementation is ./history-store.ts, opened by the composition root (src/main/index.ts)
 * in the app's data folder. Every method is synchronous (node:sqlite): one committed turn costs
 * well under 2 ms on the main thread (npm run bench -- --history).
 */
export interface TurnUsage {
  latencyMs?: number | undefined;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  costUsd?: number | undefined;
}

export interface HistoryPort {
  /** A new conversation; returns its id. */
  startConversation(kind: ConversationKind, at?: number): string;
  /** Creates conversation `id` unless it exists (the recorder picks ids before the first write). */
  ensureConversation(id: string, kind: ConversationKind, at: number): void;
  /** Inserts or replaces one turn (keyed by its entry id within the conversation). */
  saveTurn(conversationId: string, turn: StoredTurn): void;
  /** Several turns in one transaction (the recorder's batched flush). */
  saveTurns(conversationId: string, turns: readonly StoredTurn[]): void;
  /** Usage and cost of one response, onto its assistant turns. */
  saveUsage(conversationId: string, responseId: string, usage: TurnUsage): void;
  /** PCM16 mono of one turn, only called when the user turned audio keeping on. */
  saveAudio(conversationId: string, entryId: string, pcm: Uint8Array, sampleRate: number): void;
  list(options?: { limit?: number; offset?: number; kind?: ConversationKind }): ConversationSummary[];
  get(id: string): StoredConversation | undefined;
  search(text: string, options?: { limit?: number }): SearchHit[];
  /** True when it existed. */
  delete(id: string): boolean;
  /** Number of conversations deleted. */
  deleteAll(): number;
  /** Deletes conversations last touched before `before` (epoch ms); returns how many. */
  deleteOlderThan(before: number): number;
  /** Sum of the estimated cost of turns completed since `since` (epoch ms), in USD. */
  costSince(since: number): number;
  /** One dictation as its own conversation of kind 'dictation'. */
  recordDictation(text: string, at?: number): string;
  /** One quick query (question and answer) as its own conversation of kind 'quick'. */
  recordQuick(question: string, answer: string, options?: { at?: number; usage?: TurnUsage }): string;
  close(): void;
}
