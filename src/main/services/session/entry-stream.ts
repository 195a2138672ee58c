import type { ConversationEntry } from '../../../shared/conversation';

export interface EntryDelta {
  id: string;
  /** Text to append to the streaming message `id` the renderer already has. */
  append: string;
}

/** Streaming messages followed at once; more means something never finished, and it is sent whole. */
const MAX_STREAMING = 32;

/**
 * Turns the session's entry upserts into what crosses IPC. A streaming message is re-sent whole on
 * every transcript delta inside main; over IPC that would copy, clone and parse the whole text again
 * for each delta — O(n²) for an answer streamed in n deltas. Here the first upsert of an entry, any
 * change other than its text growing, and its final form go whole; a streaming text that only grew
 * goes as the appended part. A receiver that missed the start (e.g. a reloaded window) ignores deltas
 * for an entry it lacks and is made whole again by the final upsert.
 */
export class EntryStream {
  /** id → what the receiver has: the text, and the other fields as one comparable string. */
  private readonly streaming = new Map<string, { text: string; rest: string }>();

  constructor(private readonly sink: { entry(e: ConversationEntry): void; delta(d: EntryDelta): void }) {}

  push(e: ConversationEntry): void {
    if (e.kind !== 'message' || e.final) {
      this.streaming.delete(e.id);
      return this.sink.entry(e);
    }
    const rest = otherFields(e);
    const prev = this.streaming.get(e.id);
    // Re-inserted so the map's order is least recently streamed first.
    this.streaming.delete(e.id);
    this.streaming.set(e.id, { text: e.text, rest });
    if (this.streaming.size > MAX_STREAMING) this.streaming.delete(this.streaming.keys().next().value as string);
    if (prev && prev.rest === rest && e.text.length > prev.text.length && e.text.startsWith(prev.text)) {
      return this.sink.delta({ id: e.id, append: e.text.slice(prev.text.length) });
    }
    this.sink.entry(e);
  }

  /** The receiver's view was cleared (new conversation): everything is sent whole again. */
  reset(): void {
    this.streaming.clear();
  }
}

function otherFields(e: Extract<ConversationEntry, { kind: 'message' }>): string {
  const { text: _text, ...rest } = e;
  return JSON.stringify(rest);
}
