import type { ConversationEntry, TokenUsage } from '../../../shared/conversation';
import type { ServerEvent, ServerEventOf } from '../../../shared/protocol/server-events';
import type { Item } from '../../../shared/protocol/objects';
import { EntryStore } from './entry-store';
import { UserEntries } from './user-entries';
import { FunctionCalls } from './function-calls';
import { RETENTION, trimOldest } from './retention';
import { base64ToBytes, toArrayBuffer } from '../wire/pcm';
import {
  newAssistantItem,
  newResponseState,
  textFromContent,
  toUsage,
  type AssistantItemState,
  type FunctionCallState,
  type ResponseState,
} from './response-state';

/**
 * The client's copy of the conversation, built from server events and shown as ConversationEntry
 * upserts. It tolerates every ordering of §6.9 by keying everything on item and response ids, and
 * finalizes a response from `response.done` alone (§6.6: per-part `.done` events may never come).
 */

type MessageEntry = Extract<ConversationEntry, { kind: 'message' }>;
type ToolEntry = Extract<ConversationEntry, { kind: 'tool' }>;

export interface ModelCallbacks {
  entry(e: ConversationEntry): void;
  audio(a: { responseId: string; itemId: string; pcm: ArrayBuffer }): void;
  firstOutput(responseId: string): void;
  debug(msg: string, data?: unknown): void;
}

export interface ResponseSummary {
  responseId: string;
  status: 'completed' | 'cancelled' | 'failed' | 'incomplete';
  error?: string;
  usage?: TokenUsage;
  calls: FunctionCallState[];
  interrupted: boolean;
  text: string;
}

export class ConversationModel {
  private readonly store: EntryStore;
  private readonly users: UserEntries;
  private readonly responses = new Map<string, ResponseState>();
  private readonly items = new Map<string, AssistantItemState>();
  private readonly calls = new FunctionCalls((call) => {
    const r = call.responseId ? this.responses.get(call.responseId) : undefined;
    if (r && !r.callIds.includes(call.callId)) r.callIds.push(call.callId);
  });
  private activeId: string | null = null;
  private lastResponseId: string | null = null;
  private localCounter = 0;

  constructor(
    private readonly cb: ModelCallbacks,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new EntryStore((e) => cb.entry(e));
    this.users = new UserEntries(this.store, now);
  }

  get activeResponse(): ResponseState | null {
    return this.activeId ? (this.responses.get(this.activeId) ?? null) : null;
  }

  get lastResponse(): ResponseState | null {
    return this.lastResponseId ? (this.responses.get(this.lastResponseId) ?? null) : null;
  }

  response(id: string): ResponseState | undefined {
    return this.responses.get(id);
  }

  assistantItems(responseId: string): AssistantItemState[] {
    const r = this.responses.get(responseId);
    return r ? r.itemIds.map((id) => this.items.get(id)).filter((i): i is AssistantItemState => !!i) : [];
  }

  call(callId: string): FunctionCallState | undefined {
    return this.calls.get(callId);
  }

  entry(id: string): ConversationEntry | undefined {
    return this.store.get(id);
  }

  /** Shows server item `newId` as the existing entry of `oldId` (an utterance re-sent after a reconnect). */
  aliasItem(newId: string, oldId: string): void {
    this.store.alias(newId, this.store.idOf(oldId));
  }

  /** A typed user message, displayed at once (before the server acknowledges it). */
  addLocalUserText(text: string): string {
    return this.users.addLocalText(text);
  }

  /**
   * A finished message from another conversation (a quick query continued here), shown under its
   * own id. The caller creates it on the server; the echo becomes an alias of this id.
   */
  importMessage(entry: ConversationEntry & { kind: 'message' }): void {
    this.store.upsert({ ...entry, final: true });
  }

  expectCreated(eventId: string, kind: 'user-text' | 'replay', entryId?: string): void {
    this.users.expectCreated(eventId, kind, entryId);
  }

  createFailed(eventId: string): void {
    this.users.createFailed(eventId);
  }

  /** The socket is gone: forget in-flight bookkeeping that belonged to it. Returns the lost active response. */
  connectionLost(): ResponseState | null {
    this.users.connectionLost();
    const active = this.activeResponse;
    if (active) {
      active.interrupted = true;
      active.done = true;
      for (const item of this.assistantItems(active.id)) this.finalizeItem(item, undefined, true);
    }
    this.activeId = null;
    return active;
  }

  /** Last `limit` finished messages, oldest first, for history replay after a reconnect (§6.8). */
  history(limit: number): Array<{ role: 'user' | 'assistant'; text: string; entryId: string }> {
    return this.store.history(limit);
  }

  /** Marks a response interrupted (late deltas are dropped from now on) and records what was heard. */
  markInterrupted(responseId: string, heardMs: ReadonlyMap<string, number>): void {
    const r = this.responses.get(responseId);
    if (!r) return;
    r.interrupted = true;
    for (const item of this.assistantItems(responseId)) {
      const heard = heardMs.get(item.itemId);
      if (heard !== undefined) item.heardMs = heard;
      if (!item.final || heard !== undefined) {
        item.interrupted = true;
        this.emitAssistant(item);
      }
    }
  }

  upsertTool(call: FunctionCallState, status: ToolEntry['status'], output?: string): void {
    const id = call.itemId ?? `call-${call.callId}`;
    const prev = this.store.get(id);
    this.store.upsert({
      kind: 'tool',
      id,
      callId: call.callId,
      name: call.name ?? '',
      argumentsJson: call.argumentsJson,
      status,
      ...(output !== undefined ? { output } : prev?.kind === 'tool' && prev.output !== undefined ? { output: prev.output } : {}),
      ...(call.responseId ? { responseId: call.responseId } : {}),
      createdAt: prev?.createdAt ?? this.now(),
    });
  }

  handle(ev: ServerEvent): void {
    switch (ev.type) {
      case 'input_audio_buffer.committed':
      case 'input_audio_buffer.timeout_triggered':
        if (ev.item_id) this.users.ensureVoice(ev.item_id);
        return;
      case 'conversation.item.added':
      case 'conversation.item.done':
        return this.onItem(ev.item, ev.type === 'conversation.item.done');
      case 'conversation.item.input_audio_transcription.delta':
        if (ev.item_id) this.users.onTranscriptDelta(ev.item_id, ev.delta);
        return;
      case 'conversation.item.input_audio_transcription.completed':
        if (ev.item_id) this.users.onTranscriptCompleted(ev.item_id, ev.transcript ?? '');
        return;
      case 'conversation.item.input_audio_transcription.failed':
        if (ev.item_id) this.users.onTranscriptFailed(ev.item_id);
        return;
      case 'conversation.item.truncated':
        return this.onTruncated(ev);
      case 'response.created':
        return this.onResponseCreated(ev.response.id ?? `resp-local-${++this.localCounter}`);
      case 'response.output_item.added':
      case 'response.output_item.done':
        return this.onOutputItem(ev.response_id, ev.item, ev.type === 'response.output_item.done');
      case 'response.content_part.added':
        if (ev.part && (ev.part.type === 'audio' || ev.part.type === 'output_audio')) {
          const item = this.itemFor(ev.response_id, ev.item_id);
          if (item) {
            item.hasAudio = true;
            if (typeof ev.content_index === 'number') item.audioContentIndex = ev.content_index;
          }
        }
        return;
      case 'response.content_part.done': {
        const item = this.itemFor(ev.response_id, ev.item_id);
        if (item && ev.part) this.setFinalText(item, textFromContent([ev.part], this.responses.get(item.responseId)?.displaySource ?? null));
        return;
      }
      case 'response.output_text.delta':
        return this.onTextDelta(ev.response_id, ev.item_id, ev.delta, 'text');
      case 'response.output_audio_transcript.delta':
        return this.onTextDelta(ev.response_id, ev.item_id, ev.delta, 'transcript');
      case 'response.output_text.done':
        return this.onTextDone(ev.response_id, ev.item_id, ev.text, 'text');
      case 'response.output_audio_transcript.done':
        return this.onTextDone(ev.response_id, ev.item_id, ev.transcript, 'transcript');
      case 'response.output_audio.delta':
        return this.onAudioDelta(ev);
      case 'response.output_audio.done': {
        const item = this.itemFor(ev.response_id, ev.item_id);
        if (item) item.audioDone = true;
        return;
      }
      case 'response.function_call_arguments.delta':
        return this.calls.argsDelta(ev.call_id, ev.item_id, ev.delta);
      case 'response.function_call_arguments.done':
        return this.calls.argsDone(ev.call_id, ev.item_id, ev.response_id ?? this.activeId, ev.arguments, ev.name);
      default:
        return;
    }
  }

  /** Finalizes a response from `response.done` alone and returns what the session needs next. */
  onResponseDone(ev: ServerEventOf<'response.done'>): ResponseSummary {
    const id = ev.response.id ?? this.activeId ?? this.lastResponseId ?? 'unknown';
    let r = this.responses.get(id);
    if (!r) {
      r = newResponseState(id, this.now());
      this.responses.set(id, r);
    }
    for (const item of ev.response.output ?? []) this.onOutputItem(id, item, true);
    r.done = true;
    if (this.activeId === id) this.activeId = null;
    this.lastResponseId = id;
    const raw = ev.response.status ?? 'completed';
    const status: ResponseSummary['status'] =
      raw === 'cancelled' || raw === 'failed' || raw === 'incomplete' ? raw : 'completed';
    for (const item of this.assistantItems(id)) this.finalizeItem(item, undefined, r.interrupted || status === 'cancelled');
    const details = ev.response.status_details;
    const error =
      status === 'failed'
        ? (details?.error?.message ?? details?.error?.code ?? details?.error?.type ?? details?.reason ?? 'the response failed')
        : undefined;
    const usage = toUsage(ev.response.usage ?? ev.usage);
    const calls = r.callIds.map((c) => this.calls.get(c)).filter((c): c is FunctionCallState => !!c);
    const text = this.assistantItems(id)
      .map((i) => i.text)
      .filter(Boolean)
      .join('\n');
    this.retireOldResponses();
    return { responseId: id, status, calls, interrupted: r.interrupted, text, ...(error ? { error } : {}), ...(usage ? { usage } : {}) };
  }

  /** Sizes of the internal collections, for bounds tests and diagnostics. */
  stats(): Record<string, number> {
    return { ...this.store.stats(), ...this.users.stats(), responses: this.responses.size, items: this.items.size, calls: this.calls.size };
  }

  /**
   * Keeps the state of the last `RETENTION.responses` responses (late deltas, truncation and tool
   * calls only ever name recent ones); older finished ones go with their items and calls. Their
   * entries stay displayed: the EntryStore has its own cap.
   */
  private retireOldResponses(): void {
    const keep = (id: string) => id === this.activeId || id === this.lastResponseId || !this.responses.get(id)?.done;
    trimOldest(this.responses, RETENTION.responses, keep, RETENTION.responses / 4, (id) => {
      const r = this.responses.get(id);
      for (const itemId of r?.itemIds ?? []) this.items.delete(itemId);
      this.calls.forget(r?.callIds ?? []);
    });
  }

  // ——— items ———

  private onItem(item: Item, done: boolean): void {
    const id = item.id;
    if (!id) return;
    if (item.type === 'function_call') {
      this.calls.register(item.call_id, id, undefined, item);
      return;
    }
    if (item.type !== 'message') return;
    if (item.role === 'assistant') {
      const known = this.items.get(id);
      if (known) {
        if (done) this.finalizeItem(known, item.content, known.interrupted);
        return;
      }
      // An assistant message we replayed after a reconnect: already displayed.
      if (!this.store.has(id)) this.users.claimPending(id);
      return;
    }
    if (item.role === 'user' || item.role === 'system') this.users.onItem({ ...item, id }, done);
  }

  private onTruncated(ev: ServerEventOf<'conversation.item.truncated'>): void {
    const item = ev.item_id ? this.items.get(ev.item_id) : undefined;
    if (!item) return;
    item.interrupted = true;
    if (typeof ev.audio_end_ms === 'number') item.heardMs = ev.audio_end_ms;
    this.emitAssistant(item);
  }

  // ——— responses ———

  private onResponseCreated(id: string): void {
    const prev = this.activeResponse;
    if (prev && prev.id !== id) {
      // §5.6: should not happen within one socket; finalize the old one defensively.
      prev.done = true;
      for (const item of this.assistantItems(prev.id)) this.finalizeItem(item, undefined, true);
    }
    if (!this.responses.has(id)) this.responses.set(id, newResponseState(id, this.now()));
    this.activeId = id;
  }

  private onOutputItem(responseId: string | null | undefined, item: Item, done: boolean): void {
    const rid = responseId ?? this.activeId;
    if (!rid) return;
    let r = this.responses.get(rid);
    if (!r) {
      r = newResponseState(rid, this.now());
      this.responses.set(rid, r);
    }
    if (item.type === 'function_call') {
      const call = this.calls.register(item.call_id, item.id ?? undefined, rid, item);
      if (call && !r.callIds.includes(call.callId)) r.callIds.push(call.callId);
      return;
    }
    if (item.type !== 'message' || !item.id) return;
    let state = this.items.get(item.id);
    if (!state) {
      state = newAssistantItem(item.id, rid, this.now());
      this.items.set(item.id, state);
      r.itemIds.push(item.id);
      this.emitAssistant(state);
    }
    if (done) this.finalizeItem(state, item.content, state.interrupted || r.interrupted);
  }

  private itemFor(responseId: string | null | undefined, itemId: string | null | undefined): AssistantItemState | undefined {
    if (itemId) {
      const known = this.items.get(itemId);
      if (known) return known;
      const rid = responseId ?? this.activeId;
      if (!rid) return undefined;
      // A delta for an item never announced by output_item.added: register it rather than lose it.
      this.onOutputItem(rid, { id: itemId, type: 'message', role: 'assistant' }, false);
      return this.items.get(itemId);
    }
    const r = this.responses.get(responseId ?? this.activeId ?? '');
    const last = r?.itemIds[r.itemIds.length - 1];
    return last ? this.items.get(last) : undefined;
  }

  private onTextDelta(responseId: string | null | undefined, itemId: string | null | undefined, delta: string, source: 'text' | 'transcript'): void {
    const item = this.itemFor(responseId, itemId);
    if (!item) return;
    const r = this.responses.get(item.responseId);
    if (!r || r.interrupted) return;
    r.displaySource ??= source;
    if (r.displaySource !== source || item.finalText) return;
    item.text += delta;
    if (r.firstOutputAt === undefined) {
      r.firstOutputAt = this.now();
      this.cb.firstOutput(r.id);
    }
    this.emitAssistant(item);
  }

  private onTextDone(responseId: string | null | undefined, itemId: string | null | undefined, text: string | null | undefined, source: 'text' | 'transcript'): void {
    const item = this.itemFor(responseId, itemId);
    const r = item && this.responses.get(item.responseId);
    if (!item || !r || typeof text !== 'string') return;
    r.displaySource ??= source;
    if (r.displaySource === source) this.setFinalText(item, text);
  }

  private setFinalText(item: AssistantItemState, text: string | undefined): void {
    if (text === undefined || item.interrupted) return;
    item.text = text;
    item.finalText = true;
    this.emitAssistant(item);
  }

  private finalizeItem(item: AssistantItemState, content: Item['content'], interrupted: boolean): void {
    if (!item.finalText && !item.interrupted) {
      const text = textFromContent(content, this.responses.get(item.responseId)?.displaySource ?? null);
      if (text !== undefined && (text.length > 0 || item.text.length === 0)) item.text = text;
    }
    if (interrupted) item.interrupted = true;
    item.final = true;
    this.emitAssistant(item);
  }

  private onAudioDelta(ev: ServerEventOf<'response.output_audio.delta'>): void {
    const item = this.itemFor(ev.response_id, ev.item_id);
    if (!item) return;
    const r = this.responses.get(item.responseId);
    if (!r || r.interrupted || r.done) {
      this.cb.debug('dropping late audio delta', { responseId: item.responseId });
      return;
    }
    const bytes = item.aligner.push(base64ToBytes(ev.delta));
    item.hasAudio = true;
    r.hadAudio = true;
    if (bytes.length === 0) return;
    item.receivedBytes += bytes.length;
    if (r.firstOutputAt === undefined) {
      r.firstOutputAt = this.now();
      this.cb.firstOutput(r.id);
    }
    this.cb.audio({ responseId: r.id, itemId: item.itemId, pcm: toArrayBuffer(bytes) });
  }

  // ——— output ———

  private emitAssistant(item: AssistantItemState): void {
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
