import type { ConversationEntry } from '../../../shared/conversation';

/**
 * The conversation as the renderer lists it: entries in first-seen order, replaced in place when the
 * session upserts them (streaming text). Bounded so a day-long session cannot grow main's memory
 * without limit; the oldest entries go first.
 */
export class ConversationLog {
  private readonly entries = new Map<string, ConversationEntry>();

  constructor(private readonly maxEntries = 500) {}

  upsert(entry: ConversationEntry): void {
    this.entries.set(entry.id, entry); // Map.set on an existing key keeps its position
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  list(): ConversationEntry[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
