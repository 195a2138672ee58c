import { z } from 'zod';

/**
 * The stored history as the renderer, the `history` CLI and main share it: conversations (voice,
 * quick query, dictation), their turns, and search hits. One source of truth for the contract
 * (src/shared/ipc/contract.ts) and the store (src/main/history).
 */

export const ConversationKindSchema = z.enum(['voice', 'quick', 'dictation']);
export type ConversationKind = z.infer<typeof ConversationKindSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string(),
  kind: ConversationKindSchema,
  /** The first user turn, shortened; '' until there is one. */
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  turnCount: z.number(),
  /** Sum of the priced turns (USD); absent when no turn had usage and a price. */
  costUsd: z.number().optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const StoredTurnSchema = z.object({
  /** The realtime entry id (unique within its conversation). */
  entryId: z.string(),
  kind: z.enum(['message', 'tool']),
  role: z.enum(['user', 'assistant', 'system', 'tool']),
  text: z.string(),
  source: z.enum(['voice', 'text']).optional(),
  interrupted: z.boolean().optional(),
  /** Tool calls: name, arguments (JSON text), status and output. */
  tool: z
    .object({ name: z.string(), argumentsJson: z.string(), status: z.string(), output: z.string().optional() })
    .optional(),
  responseId: z.string().optional(),
  createdAt: z.number(),
  /** When the turn completed (committed as final). */
  completedAt: z.number().optional(),
  latencyMs: z.number().optional(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  costUsd: z.number().optional(),
});
export type StoredTurn = z.infer<typeof StoredTurnSchema>;

export const StoredConversationSchema = ConversationSummarySchema.extend({ turns: z.array(StoredTurnSchema) });
export type StoredConversation = z.infer<typeof StoredConversationSchema>;

/** One search match; `snippet` marks matched words with HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE. */
export const SearchHitSchema = z.object({
  conversationId: z.string(),
  kind: ConversationKindSchema,
  title: z.string(),
  entryId: z.string(),
  role: z.string(),
  snippet: z.string(),
  createdAt: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/**
 * Private-use characters around highlighted words: never typed by a user, so the renderer can split
 * on them and render <mark> elements without ever parsing HTML from stored text.
 */
export const HIGHLIGHT_OPEN = '\u{E000}';
export const HIGHLIGHT_CLOSE = '\u{E001}';

/** Splits a snippet into plain and highlighted parts, in order. */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf(HIGHLIGHT_OPEN);
    if (open < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    const close = rest.indexOf(HIGHLIGHT_CLOSE, open + 1);
    const end = close < 0 ? rest.length : close;
    parts.push({ text: rest.slice(open + 1, end), match: true });
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}

export const HistoryStatusSchema = z.object({
  /** The store is open and writable. */
  available: z.boolean(),
  /** Turns waiting in memory because the last write failed (disk full, locked); retried. */
  pendingWrites: z.number(),
  /** The last write or open problem, in words, with what to do. */
  problem: z.string().optional(),
  /** The conversation new turns are recorded in. */
  currentConversationId: z.string().optional(),
});
export type HistoryStatus = z.infer<typeof HistoryStatusSchema>;
