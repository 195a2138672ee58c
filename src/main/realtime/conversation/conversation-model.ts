import type { ConversationEntry, TokenUsage } from '../../../shared/conversation';
import type { ServerEvent, ServerEventOf } from '../../../shared/protocol/server-events';
import type { Item } from '../../../shared/protocol/objects';
import { EntryStore } from './entry-store';
import { UserEntries } from './user-entries';
import { FunctionCalls } from './function-calls';
import { RETENTION, trimOldest } from './retention';
import { AssistantEntries } from './assistant-entries';
import {
  newResponseState,
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
  private readonly assistant: AssistantEntries;
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
    this.assistant = new AssistantEntries(this.store, this.responses, cb, now);
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
    return this.assistant.of(this.responses.get(responseId));
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
      for (const item of this.assistantItems(active.id)) this.assistant.finalize(item, undefined, true);
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
    this.assistant.markInterrupted(r, heardMs);
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
      responseId: call.responseId,
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
        if (ev.item_id) this.assistant.truncated(ev.item_id, ev.audio_end_ms);
        return;
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
        if (item && ev.part) this.assistant.partDone(item, ev.part);
        return;
      }
      case 'response.output_text.delta':
        return this.withItem(ev, (item) => this.assistant.textDelta(item, ev.delta, 'text'));
      case 'response.output_audio_transcript.delta':
        return this.withItem(ev, (item) => this.assistant.textDelta(item, ev.delta, 'transcript'));
      case 'response.output_text.done':
        return this.withItem(ev, (item) => this.assistant.textDone(item, ev.text, 'text'));
      case 'response.output_audio_transcript.done':
        return this.withItem(ev, (item) => this.assistant.textDone(item, ev.transcript, 'transcript'));
      case 'response.output_audio.delta':
        return this.withItem(ev, (item) => this.assistant.audio(item, ev.delta));
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
    for (const item of this.assistantItems(id)) this.assistant.finalize(item, undefined, r.interrupted || status === 'cancelled');
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
    return { responseId: id, status, calls, interrupted: r.interrupted, text, error, usage };
  }

  /** Sizes of the internal collections, for bounds tests and diagnostics. */
  stats(): Record<string, number> {
    return { ...this.store.stats(), ...this.users.stats(), responses: this.responses.size, items: this.assistant.size, calls: this.calls.size };
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
      this.assistant.forget(r?.itemIds ?? []);
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
      const known = this.assistant.get(id);
      if (known) {
        if (done) this.assistant.finalize(known, item.content, known.interrupted);
        return;
      }
      // An assistant message we replayed after a reconnect: already displayed.
      if (!this.store.has(id)) this.users.claimPending(id);
      return;
    }
    if (item.role === 'user' || item.role === 'system') this.users.onItem({ ...item, id }, done);
  }

  // ——— responses ———

  private onResponseCreated(id: string): void {
    const prev = this.activeResponse;
    if (prev && prev.id !== id) {
      // §5.6: should not happen within one socket; finalize the old one defensively.
      prev.done = true;
      for (const item of this.assistantItems(prev.id)) this.assistant.finalize(item, undefined, true);
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
    const state = this.assistant.get(item.id) ?? this.assistant.add(item.id, r);
    if (done) this.assistant.finalize(state, item.content, state.interrupted || r.interrupted);
  }

  private itemFor(responseId: string | null | undefined, itemId: string | null | undefined): AssistantItemState | undefined {
    if (itemId) {
      const known = this.assistant.get(itemId);
      if (known) return known;
      const rid = responseId ?? this.activeId;
      if (!rid) return undefined;
      // A delta for an item never announced by output_item.added: register it rather than lose it.
      this.onOutputItem(rid, { id: itemId, type: 'message', role: 'assistant' }, false);
      return this.assistant.get(itemId);
    }
    const r = this.responses.get(responseId ?? this.activeId ?? '');
    const last = r?.itemIds[r.itemIds.length - 1];
    return last ? this.assistant.get(last) : undefined;
  }

  private withItem(ev: { response_id?: string | null; item_id?: string | null }, fn: (item: AssistantItemState) => void): void {
    const item = this.itemFor(ev.response_id, ev.item_id);
    if (item) fn(item);
  }
}
