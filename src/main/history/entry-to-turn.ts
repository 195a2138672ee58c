import type { ConversationEntry } from '../../shared/conversation';
import type { StoredTurn } from '../../shared/history';

/** Entries the session shows but that were seeded from an earlier conversation (Continue). */
export const SEED_ENTRY_PREFIX = 'seed-';

const TOOL_DONE = new Set(['done', 'failed', 'denied', 'cancelled']);

/** Whether the entry will not change any more in a way worth a write of its own. */
export function isComplete(entry: ConversationEntry): boolean {
  return entry.kind === 'message' ? entry.final : TOOL_DONE.has(entry.status);
}

/** The stored form of a displayed entry; `completedAt` is set once it is complete. */
export function entryToTurn(entry: ConversationEntry, now: number): StoredTurn {
  const done = isComplete(entry);
  if (entry.kind === 'tool') {
    return {
      entryId: entry.id,
      kind: 'tool',
      role: 'tool',
      text: entry.name,
      tool: { name: entry.name, argumentsJson: entry.argumentsJson, status: entry.status, ...(entry.output !== undefined ? { output: entry.output } : {}) },
      ...(entry.responseId ? { responseId: entry.responseId } : {}),
      createdAt: entry.createdAt,
      ...(done ? { completedAt: now } : {}),
    };
  }
  return {
    entryId: entry.id,
    kind: 'message',
    role: entry.role,
    text: entry.text,
    ...(entry.source ? { source: entry.source } : {}),
    ...(entry.interrupted ? { interrupted: true } : {}),
    ...(entry.responseId ? { responseId: entry.responseId } : {}),
    createdAt: entry.createdAt,
    ...(done ? { completedAt: now } : {}),
  };
}
