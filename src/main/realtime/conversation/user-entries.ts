import type { Item } from '../../../shared/protocol/objects';
import { applyTranscriptDelta } from './transcript-caption';
import { textFromContent } from './response-state';
import type { EntryStore } from './entry-store';
import { RETENTION, trimOldest } from './retention';

/**
 * The user's side of the conversation: typed messages (shown at once, matched to their server echo),
 * spoken turns (from `committed` or the user item) and their transcripts. Transcription deltas are a
 * provisional caption; `completed` is authoritative and is never overridden by a later `item.done`
 * (§5.3). Every ordering of transcription vs. response events is fine because all is keyed by item id.
 */
interface PendingCreate {
  eventId: string;
  kind: 'user-text' | 'replay';
  entryId?: string;
}

/**
 * Local ids are unique in the process, not per session: entries of one conversation can be carried
 * into another (a quick query continued in the main window) and must not collide there.
 */
let localCounter = 0;

export class UserEntries {
  private readonly final = new Set<string>();
  private pending: PendingCreate[] = [];
  /**
   * Server ids already matched to one of our creates: the server sends `item.added` and then
   * `item.done` for each, and the second must not take the next create's place (or, with none
   * left, show a replayed message twice).
   */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly store: EntryStore,
    private readonly now: () => number,
  ) {
    // Finished-transcript marks of evicted entries are never consulted again.
    store.onEvict(() => {
      for (const id of this.final) if (!this.store.has(id)) this.final.delete(id);
    });
  }

  /** Sizes of the internal collections, for bounds tests and diagnostics. */
  stats(): { final: number; pending: number } {
    return { final: this.final.size, pending: this.pending.length };
  }

  addLocalText(text: string): string {
    const id = `local-${++localCounter}`;
    this.store.unconfirmed.add(id);
    this.store.upsert({ kind: 'message', id, role: 'user', text, final: true, source: 'text', createdAt: this.now() });
    return id;
  }

  /** A message we created was written to the socket; its `item.added` echo must not become a new row. */
  expectCreated(eventId: string, kind: PendingCreate['kind'], entryId?: string): void {
    this.pending.push({ eventId, kind, entryId });
  }

  createFailed(eventId: string): void {
    this.pending = this.pending.filter((p) => p.eventId !== eventId);
  }

  connectionLost(): void {
    this.pending = [];
  }

  /** Matches a server echo of a message we created (in send order); true when it was ours. */
  claimPending(serverId: string): boolean {
    if (this.claimed.has(serverId)) return true;
    const p = this.pending.shift();
    if (!p) return false;
    this.claimed.add(serverId);
    trimOldest(this.claimed, RETENTION.eventIds, undefined, RETENTION.responses);
    if (p.entryId) {
      this.store.alias(serverId, p.entryId);
      this.final.add(serverId);
    }
    return true;
  }

  ensureVoice(itemId: string): void {
    if (this.store.has(itemId)) return;
    this.store.upsert({ kind: 'message', id: itemId, role: 'user', text: '', final: false, source: 'voice', createdAt: this.now() });
  }

  /** `conversation.item.added` / `.done` of a user or system message. */
  onItem(item: Item & { id: string }, done: boolean): void {
    const id = item.id;
    if (!this.store.has(id)) {
      if (this.claimPending(id) || item.role === 'system') return;
      const voice = item.content?.some((p) => p.type === 'input_audio') ?? false;
      if (voice) this.ensureVoice(id);
      else {
        if (done) this.final.add(id);
        const text = textFromContent(item.content, 'text') ?? '';
        this.store.upsert({ kind: 'message', id, role: 'user', text, final: done, source: 'text', createdAt: this.now() });
        return;
      }
    }
    // §5.3: take a transcript from the user item if `completed` has not arrived yet (both shapes:
    // `input_audio` + transcript, or the prototype's `input_text`).
    const transcript = textFromContent(item.content, 'transcript');
    const entry = this.store.get(id);
    if (transcript && entry?.kind === 'message' && entry.source === 'voice' && !this.final.has(id)) this.setText(id, transcript, done);
  }

  onTranscriptDelta(itemId: string, delta: string): void {
    if (this.final.has(itemId)) return;
    this.ensureVoice(itemId);
    this.setText(itemId, applyTranscriptDelta(this.text(itemId), delta), false);
  }

  onTranscriptCompleted(itemId: string, transcript: string): void {
    this.setText(itemId, transcript, true);
  }

  /** Transcription failed: keep whatever caption there is, as final. */
  onTranscriptFailed(itemId: string): void {
    this.setText(itemId, this.text(itemId), true);
  }

  private text(itemId: string): string {
    const e = this.store.get(itemId);
    return e?.kind === 'message' ? e.text : '';
  }

  private setText(itemId: string, text: string, final: boolean): void {
    const entryId = this.store.idOf(itemId);
    const prev = this.store.get(entryId);
    if (final) this.final.add(itemId);
    const source = prev?.kind === 'message' ? (prev.source ?? 'voice') : 'voice';
    this.store.upsert({ kind: 'message', id: entryId, role: 'user', text, final, source, createdAt: prev?.createdAt ?? this.now() });
  }
}
