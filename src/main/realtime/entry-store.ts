import type { ConversationEntry } from '../../shared/conversation';

/**
 * The displayed conversation: entries keyed by id, in first-seen order, each change emitted as an
 * upsert. A typed user message is shown under a local id before the server echoes it; the echo's
 * server id is then an alias of that entry.
 */
export class EntryStore {
  private readonly entries = new Map<string, ConversationEntry>();
  private readonly aliases = new Map<string, string>();
  private readonly order: string[] = [];
  /** Typed messages the server has not echoed yet: not history (they may still be queued). */
  readonly unconfirmed = new Set<string>();

  constructor(private readonly emit: (e: ConversationEntry) => void) {}

  /** The entry id for a server item id (itself unless aliased). */
  idOf(id: string): string {
    return this.aliases.get(id) ?? id;
  }

  get(id: string): ConversationEntry | undefined {
    return this.entries.get(this.idOf(id));
  }

  has(id: string): boolean {
    return this.entries.has(this.idOf(id));
  }

  alias(serverId: string, entryId: string): void {
    this.aliases.set(serverId, entryId);
    this.unconfirmed.delete(entryId);
  }

  upsert(entry: ConversationEntry): void {
    if (!this.entries.has(entry.id)) this.order.push(entry.id);
    this.entries.set(entry.id, entry);
    this.emit({ ...entry });
  }

  /** Last `limit` finished, non-empty user/assistant messages, oldest first (§6.8 replay). */
  history(limit: number): Array<{ role: 'user' | 'assistant'; text: string; entryId: string }> {
    const out: Array<{ role: 'user' | 'assistant'; text: string; entryId: string }> = [];
    for (const id of this.order) {
      const e = this.entries.get(id);
      if (!e || e.kind !== 'message' || !e.final || e.role === 'system' || this.unconfirmed.has(id)) continue;
      const text = e.text.trim();
      if (text) out.push({ role: e.role, text, entryId: id });
    }
    return out.slice(-limit);
  }
}
