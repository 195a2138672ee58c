import type { ConversationEntry } from '../../../shared/conversation';
import type { Item } from '../../../shared/protocol/objects';
import { base64ToBytes, toArrayBuffer } from '../wire/pcm';
import type { EntryStore } from './entry-store';
import {
  newAssistantItem,
  textFromContent,
  type AssistantItemState,
  type ResponseState,
  type TextSource,
} from './response-state';

type MessageEntry = Extract<ConversationEntry, { kind: 'message' }>;

export interface AssistantCallbacks {
  audio(a: { responseId: string; itemId: string; pcm: ArrayBuffer }): void;
  firstOutput(responseId: string): void;
  debug(msg: string, data?: unknown): void;
}

/**
 * The assistant's side of the conversation, beside user-entries.ts: one row per assistant message
 * item, its streaming text (the first of text / transcript deltas to arrive is shown, §5.7), its
 * audio (whole samples, decoded from base64 here and handed on as PCM), and how it ended
 * (final, interrupted, heard). Responses themselves are tracked by the conversation model.
 */
export class AssistantEntries {
  private readonly items = new Map<string, AssistantItemState>();

  constructor(
    private readonly store: EntryStore,
    private readonly responses: ReadonlyMap<string, ResponseState>,
    private readonly cb: AssistantCallbacks,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.items.size;
  }

  get(itemId: string): AssistantItemState | undefined {
    return this.items.get(itemId);
  }

  of(r: ResponseState | undefined): AssistantItemState[] {
    return r ? r.itemIds.map((id) => this.items.get(id)).filter((i): i is AssistantItemState => !!i) : [];
  }

  forget(itemIds: readonly string[]): void {
    for (const id of itemIds) this.items.delete(id);
  }

  /** A new assistant message item of response `r`: shown at once, empty. */
  add(itemId: string, r: ResponseState): AssistantItemState {
    const state = newAssistantItem(itemId, r.id, this.now());
    this.items.set(itemId, state);
    r.itemIds.push(itemId);
    this.emit(state);
    return state;
  }

  textDelta(item: AssistantItemState, delta: string, source: TextSource): void {
    const r = this.responses.get(item.responseId);
    if (!r || r.interrupted) return;
    r.displaySource ??= source;
    if (r.displaySource !== source || item.finalText) return;
    item.text += delta;
    this.firstOutput(r);
    this.emit(item);
  }

  textDone(item: AssistantItemState, text: string | null | undefined, source: TextSource): void {
    const r = this.responses.get(item.responseId);
    if (!r || typeof text !== 'string') return;
    r.displaySource ??= source;
    if (r.displaySource === source) this.setFinalText(item, text);
  }

  /** `response.content_part.done`: the part's text is final. */
  partDone(item: AssistantItemState, part: NonNullable<Item['content']>[number]): void {
    this.setFinalText(item, textFromContent([part], this.responses.get(item.responseId)?.displaySource ?? null));
  }

  finalize(item: AssistantItemState, content: Item['content'], interrupted: boolean): void {
    if (!item.finalText && !item.interrupted) {
      const text = textFromContent(content, this.responses.get(item.responseId)?.displaySource ?? null);
      if (text !== undefined && (text.length > 0 || item.text.length === 0)) item.text = text;
    }
    if (interrupted) item.interrupted = true;
    item.final = true;
    this.emit(item);
  }

  /** Base64 audio of an item: decoded to whole samples (a trailing odd byte waits for the next delta, §3.3). */
  audio(item: AssistantItemState, b64: string): void {
    const r = this.responses.get(item.responseId);
    if (!r || r.interrupted || r.done) {
      this.cb.debug('dropping late audio delta', { responseId: item.responseId });
      return;
    }
    const bytes = item.aligner.push(base64ToBytes(b64));
    item.hasAudio = true;
    r.hadAudio = true;
    if (bytes.length === 0) return;
    item.receivedBytes += bytes.length;
    this.firstOutput(r);
    this.cb.audio({ responseId: r.id, itemId: item.itemId, pcm: toArrayBuffer(bytes) });
  }

  truncated(itemId: string, audioEndMs: number | null | undefined): void {
    const item = this.items.get(itemId);
    if (!item) return;
    item.interrupted = true;
    if (typeof audioEndMs === 'number') item.heardMs = audioEndMs;
    this.emit(item);
  }

  /** Records what was heard of each item of an interrupted response. */
  markInterrupted(r: ResponseState, heardMs: ReadonlyMap<string, number>): void {
    for (const item of this.of(r)) {
      const heard = heardMs.get(item.itemId);
      if (heard !== undefined) item.heardMs = heard;
      if (!item.final || heard !== undefined) {
        item.interrupted = true;
        this.emit(item);
      }
    }
  }

  private setFinalText(item: AssistantItemState, text: string | undefined): void {
    if (text === undefined || item.interrupted) return;
    item.text = text;
    item.finalText = true;
    this.emit(item);
  }

  private firstOutput(r: ResponseState): void {
    if (r.firstOutputAt !== undefined) return;
    r.firstOutputAt = this.now();
    this.cb.firstOutput(r.id);
  }

  private emit(item: AssistantItemState): void {
    const entry: MessageEntry = {
      kind: 'message',
      id: item.itemId,
      role: 'assistant',
      text: item.text,
      final: item.final,
      responseId: item.responseId,
      createdAt: item.createdAt,
      ...(item.interrupted ? { interrupted: true } : {}),
      ...(item.heardMs !== undefined ? { heardMs: item.heardMs } : {}),
    };
    this.store.upsert(entry);
  }
}
