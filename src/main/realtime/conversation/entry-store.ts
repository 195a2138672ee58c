import type { ConversationEntry } from '../../../shared/conversation';
import { RETENTION, trimOldest } from './retention';

/**
 * The displayed conversation: entries keyed by id, in first-seen order (the Map's insertion
 * order), each change emitted as an upsert. A typed user message is shown under a local id before
 * the server echoes it; the echo's server id is then an alias of that entry.
 *
 * Only the newest `maxEntries` are kept (what the UI lists; replay needs far fewer): an all-day
 * session must not grow per turn. Evicted ids are reported so owners of per-item state drop theirs.
 */
export class EntryStore {
  private readonly entries = new Map<string, ConversationEntry>();
  private readonly aliases = new Map<string, string>();
  /** Typed messages the server has not echoed yet: not history (they may still be queued). */
  readonly unconfirmed = new Set<string>();
  private readonly evictListeners: Array<(ids: string[]) => void> = [];

  constructor(
    private readonly emit: (e: ConversationEntry) => void,
    private readonly maxEntries: number = RETENTION.entries,
  ) {}

  /** Called with the ids of entries dropped by the cap. */
  onEvict(listener: (ids: string[]) => void): void {
    this.evictListeners.push(listener);
  }

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
    const isNew = !this.entries.has(entry.id);
    this.entries.set(entry.id, entry);
    // Every caller builds a fresh entry per change and none keeps it: emitted as is, not copied
    // (this runs for each streamed transcript delta).
    this.emit(entry);
    if (isNew) this.evict();
  }

  /** Sizes of the internal collections, for bounds tests and diagnostics. */
  stats(): { entries: number; aliases: number; unconfirmed: number } {
    return { entries: this.entries.size, aliases: this.aliases.size, unconfirmed: this.unconfirmed.size };
  }

  /** Last `limit` finished, non-empty user/assistant messages, oldest first (§6.8 replay). */
  history(limit: number): Array<{ role: 'user' | 'assistant'; text: string; entryId: string }> {
    const out: Array<{ role: 'user' | 'assistant'; text: string; entryId: string }> = [];
    for (const [id, e] of this.entries) {
      if (e.kind !== 'message' || !e.final || e.role === 'system' || this.unconfirmed.has(id)) continue;
      const text = e.text.trim();
      if (text) out.push({ role: e.role, text, entryId: id });
    }
    return out.slice(-limit);
  }

  /** Batched (10 % slack) so the alias sweep below costs O(1) amortized per new entry. */
  private evict(): void {
    const dropped = trimOldest(this.entries, this.maxEntries, undefined, Math.ceil(this.maxEntries / 10));
    if (dropped.length === 0) return;
    for (const id of dropped) this.unconfirmed.delete(id);
    for (const [serverId, entryId] of this.aliases) if (!this.entries.has(entryId)) this.aliases.delete(serverId);
    for (const l of this.evictListeners) l(dropped);
  }
}
