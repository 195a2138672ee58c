import type { ConnectionStatus, TurnMode, TurnPhase, TurnMetrics } from '../../shared/conversation';
import { TypedEmitter } from '../../shared/typed-emitter';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import type { ClientEvent } from '../../shared/protocol/client-events';
import type { ServerEvent, ServerEventOf } from '../../shared/protocol/server-events';
import { BENIGN_ERROR_CODES, isBenignErrorCode } from '../../shared/protocol/error-codes';
import { RealtimeConnection } from './connection';
import { ConversationModel, type ResponseSummary } from './conversation-model';
import { AudioOutbox } from './audio-outbox';
import { asBytes, bytesToBase64, bytesToMs, SampleAligner } from './pcm';
import { PttTurn, MIN_COMMIT_MS } from './ptt-turn';
import { heardMap, planTruncation } from './interruption';
import { runToolCalls } from './tool-runner';
import { fullSessionConfig, partialSessionConfig, type ConfigOptions } from './session-config';
import { createWsTransport } from './ws-transport';
import { TurnTracker, type TextTurn } from './turn-tracker';
import type { TransportFactory } from './transport';
import type {
  Logger,
  RealtimeSession,
  RealtimeSessionEvents,
  RealtimeSessionOptions,
  TextTurnResult,
} from './session-api';

/**
 * The realtime session: turns (push-to-talk, hands-free, text), interruption, tool calls, metrics
 * and reconnect recovery, on top of RealtimeConnection (sockets, config) and ConversationModel
 * (what was said). Nothing here throws into the app: server trouble becomes status, notices or logs.
 */

export interface SessionDeps {
  transportFactory?: TransportFactory;
  createdTimeoutMs?: number;
  readyTimeoutMs?: number;
  /** ms to wait for `response.done` before truncating anyway (§6.6 step 5). */
  truncateWaitMs?: number;
  random?: () => number;
  outbox?: { highWaterBytes?: number; maxQueuedMs?: number };
  /** How many history items to replay after a reconnect (§6.8). */
  replayItems?: number;
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class RealtimeSessionImpl implements RealtimeSession {
  private readonly emitter: TypedEmitter<RealtimeSessionEvents>;
  private readonly log: Logger;
  private readonly conn: RealtimeConnection;
  private readonly model: ConversationModel;
  private readonly outbox: AudioOutbox;
  private readonly turns = new TurnTracker();
  private readonly subs = new DisposableStore();
  private readonly inputAligner = new SampleAligner();
  private cfg: ConfigOptions;
  private _phase: TurnPhase = 'idle';
  private ptt: PttTurn | null = null;
  private commitWaiter: ((r: { committed: boolean; reason?: string }) => void) | null = null;
  private drainTimer: ReturnType<typeof setInterval> | null = null;
  private toolAbort: AbortController | null = null;
  private generation = 0;
  private speechStoppedAt: number | undefined;
  private audibleUntil = 0;
  private outputClearErrorLogged = false;
  private closed = false;

  constructor(
    private readonly options: RealtimeSessionOptions,
    private readonly deps: SessionDeps = {},
  ) {
    this.log = options.logger ?? silentLogger;
    this.emitter = new TypedEmitter((err, ev) => this.log.error(`session listener for ${String(ev)} threw`, err));
    this.cfg = { ...options };
    this.outbox = new AudioOutbox(deps.outbox);
    this.model = new ConversationModel({
      entry: (e) => this.emitter.emit('entry', e),
      audio: (a) => this.onModelAudio(a),
      firstOutput: (rid) => this.onFirstOutput(rid),
      debug: (m, d) => this.log.debug(m, d),
    });
    this.conn = new RealtimeConnection({
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      transportFactory: deps.transportFactory ?? createWsTransport(),
      fullConfig: () => fullSessionConfig(this.cfg, this.options.tools?.definitions() ?? []),
      logger: this.log,
      reconnect: options.reconnect ?? true,
      ...(deps.createdTimeoutMs !== undefined ? { createdTimeoutMs: deps.createdTimeoutMs } : {}),
      ...(deps.readyTimeoutMs !== undefined ? { readyTimeoutMs: deps.readyTimeoutMs } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
    this.subs.add(this.conn.on('status', (s) => this.onStatus(s)));
    this.subs.add(this.conn.on('ready', (r) => this.onReady(r.reconnected)));
    this.subs.add(this.conn.on('lost', () => this.onLost()));
    this.subs.add(this.conn.on('event', (ev) => this.onServerEvent(ev)));
    this.subs.add(this.conn.on('sent', (ev) => this.onSent(ev)));
    this.subs.add(this.conn.on('notice', (n) => this.emitter.emit('notice', n)));
    const tools = options.tools;
    if (tools) {
      this.subs.add(tools.onDefinitionsChanged(() => this.conn.updateSession({ tools: fullSessionConfig(this.cfg, tools.definitions()).tools ?? [] })));
      this.subs.add(
        tools.onCallUpdate((u) => {
          const call = this.model.call(u.callId);
          if (call) this.model.upsertTool(call, u.status, u.output);
        }),
      );
    }
  }

  get status(): ConnectionStatus {
    return this.conn.status;
  }

  get mode(): TurnMode {
    return this.cfg.mode;
  }

  get phase(): TurnPhase {
    return this._phase;
  }

  on<K extends keyof RealtimeSessionEvents>(event: K, listener: (e: RealtimeSessionEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  connect(): Promise<void> {
    this.closed = false;
    return this.conn.connect();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.toolAbort?.abort();
    this.stopDrain();
    this.outbox.clear();
    this.commitWaiter?.({ committed: false, reason: 'session closed' });
    this.commitWaiter = null;
    this.turns.failAll('cancelled', 'session closed');
    await this.conn.close();
  }

  updateOptions(patch: Parameters<RealtimeSession['updateOptions']>[0]): void {
    const modeChanged = patch.mode !== undefined && patch.mode !== this.cfg.mode;
    this.cfg = { ...this.cfg, ...patch };
    if (modeChanged) {
      // §2.9/§6.7: drop stale input before switching turn detection.
      this.ptt = null;
      this.outbox.clear();
      this.conn.send({ type: 'input_audio_buffer.clear' });
    }
    const partial = partialSessionConfig(patch, this.cfg);
    if (partial) this.conn.updateSession(partial);
  }

  // ——— push-to-talk ———

  async beginUserTurn(): Promise<void> {
    if (this.assistantAudible()) await this.interrupt();
    this.ptt = this.cfg.mode === 'push-to-talk' ? new PttTurn() : null;
    this.inputAligner.reset();
    this.outbox.clear();
    this.conn.send({ type: 'input_audio_buffer.clear' });
    this.setPhase('listening');
  }

  appendAudio(pcm: ArrayBuffer | Uint8Array, _capturedAt?: number): void {
    if (this.closed) return;
    if (this.cfg.mode === 'push-to-talk' && this.ptt?.state !== 'recording') {
      this.log.debug('ignoring microphone audio outside a push-to-talk turn');
      return;
    }
    const bytes = this.inputAligner.push(asBytes(pcm).slice());
    if (bytes.length === 0) return;
    this.ptt?.add(bytes);
    if (this.outbox.size === 0 && this.canSendAudio() && this.sendAppend(bytes)) return;
    this.outbox.hold(bytes);
    this.startDrain();
  }

  commitUserTurn(): Promise<{ committed: boolean; reason?: string }> {
    const turn = this.ptt;
    if (!turn || turn.state !== 'recording') return Promise.resolve({ committed: false, reason: 'no turn in progress' });
    if (turn.capturedMs < MIN_COMMIT_MS) {
      this.ptt = null;
      this.outbox.clear();
      this.conn.send({ type: 'input_audio_buffer.clear' });
      this.setPhase('idle');
      return Promise.resolve({ committed: false, reason: 'nothing said' });
    }
    turn.state = 'commit-pending';
    this.setPhase('thinking');
    this.commitWaiter?.({ committed: false, reason: 'superseded' });
    return new Promise((resolve) => {
      this.commitWaiter = resolve;
      this.trySendCommit();
    });
  }

  cancelUserTurn(): void {
    this.ptt = null;
    this.outbox.clear();
    this.commitWaiter?.({ committed: false, reason: 'cancelled' });
    this.commitWaiter = null;
    this.conn.send({ type: 'input_audio_buffer.clear' });
    if (this._phase === 'listening') this.setPhase('idle');
  }

  // ——— text ———

  async sendText(text: string, opts: { textOnly?: boolean } = {}): Promise<TextTurnResult> {
    if (this.model.activeResponse || this.assistantAudible()) await this.interrupt();
    const entryId = this.model.addLocalUserText(text);
    const turn = this.turns.startText(text, entryId, opts.textOnly ?? false);
    const createId = this.conn.nextEventId();
    this.turns.noteCreate(createId, { kind: 'user-text', entryId, turn });
    this.conn.send({
      type: 'conversation.item.create',
      event_id: createId,
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    this.requestResponse(turn, opts.textOnly ?? false);
    this.setPhase('thinking');
    return turn.promise;
  }

  // ——— interruption ———

  async interrupt(): Promise<void> {
    this.toolAbort?.abort();
    const target = this.model.activeResponse ?? this.model.lastResponse;
    const played = this.options.playback ? await this.options.playback.stop().catch(() => []) : [];
    this.audibleUntil = 0;
    this.emitter.emit('audioFlush', target ? { responseId: target.id } : {});
    if (!target || target.interrupted) return;
    const items = this.model.assistantItems(target.id);
    this.model.markInterrupted(target.id, heardMap(items, played));
    this.turns.userInterrupted(target.id);
    const gen = this.generation;
    if (!target.done) {
      this.conn.send({ type: 'response.cancel', response_id: target.id });
      this.conn.send({ type: 'output_audio_buffer.clear' });
    } else if (played.length > 0) {
      this.conn.send({ type: 'output_audio_buffer.clear' });
    }
    if (!this.options.playback) return; // headless: nothing was heard, nothing to truncate
    const truncate = () => {
      if (gen !== this.generation) return; // item ids of a dead socket mean nothing to the new one
      for (const p of planTruncation(items, played, target.done)) {
        this.conn.send({ type: 'conversation.item.truncate', item_id: p.itemId, content_index: p.contentIndex, audio_end_ms: p.audioEndMs });
      }
    };
    if (target.done) truncate();
    else this.turns.afterResponseDone(target.id, truncate, this.deps.truncateWaitMs ?? 1000);
    if (this._phase === 'speaking' || this._phase === 'thinking') this.setPhase('idle');
  }

  // ——— server events ———

  private onServerEvent(ev: ServerEvent): void {
    switch (ev.type) {
      case 'error':
        return this.onError(ev);
      case 'input_audio_buffer.speech_started':
        if (this.assistantAudible() || this.model.activeResponse) void this.interrupt();
        this.setPhase('listening');
        return;
      case 'input_audio_buffer.speech_stopped':
        this.speechStoppedAt = Date.now();
        this.setPhase('thinking');
        return;
      case 'input_audio_buffer.committed':
        this.model.handle(ev);
        return this.onCommitted(ev.item_id ?? null);
      case 'conversation.item.input_audio_transcription.completed':
        this.model.handle(ev);
        if (ev.item_id && typeof ev.transcript === 'string') this.turns.voiceTranscript(ev.item_id, ev.transcript);
        return;
      case 'response.created': {
        this.model.handle(ev);
        const id = this.model.activeResponse?.id;
        if (id) this.turns.responseCreated(id, this.speechStoppedAt);
        this.speechStoppedAt = undefined;
        if (this._phase !== 'listening') this.setPhase('thinking');
        return;
      }
      case 'response.done':
        return this.onResponseDone(ev);
      default:
        this.model.handle(ev);
    }
  }

  private onCommitted(itemId: string | null): void {
    const turn = this.ptt;
    if (!turn || turn.state !== 'commit-pending') {
      if (this.cfg.mode === 'hands-free' && itemId) this.turns.voiceCommitted(itemId);
      return;
    }
    turn.state = 'committed';
    turn.itemId = itemId;
    if (itemId) this.turns.voiceCommitted(itemId);
    // §6.2: response.create only after the commit is acknowledged, so a rejected (empty) commit
    // never produces an answer to nothing.
    this.requestResponse(null, false);
    this.commitWaiter?.({ committed: true });
    this.commitWaiter = null;
  }

  private onResponseDone(ev: ServerEventOf<'response.done'>): void {
    const summary = this.model.onResponseDone(ev);
    const start = this.turns.latencyStart(summary.responseId);
    const firstAt = this.model.response(summary.responseId)?.firstOutputAt;
    const metrics: TurnMetrics = {
      responseId: summary.responseId,
      status: summary.status,
      ...(start !== undefined && firstAt !== undefined ? { latencyMs: Math.max(0, firstAt - start) } : {}),
      ...(summary.usage ? { usage: summary.usage } : {}),
      ...(summary.error ? { error: summary.error } : {}),
    };
    this.emitter.emit('metrics', metrics);
    if (summary.status === 'failed') this.emitter.emit('notice', { level: 'error', message: `The assistant could not answer: ${summary.error}` });
    if (summary.status === 'cancelled' && !summary.interrupted) {
      this.audibleUntil = 0;
      this.emitter.emit('audioFlush', { responseId: summary.responseId });
    }
    const pendingCalls = summary.calls.filter((c) => !this.turns.callAnswered(c.callId));
    const followUp = pendingCalls.length > 0 && !summary.interrupted && summary.status !== 'cancelled';
    this.turns.responseDone(summary, followUp);
    if (pendingCalls.length > 0) void this.runTools(summary, pendingCalls, followUp);
    else if (this._phase !== 'listening') this.setPhase('idle');
    this.retryDeferredResponse();
  }

  private onError(ev: ServerEventOf<'error'>): void {
    const e = ev.error;
    const id = e.event_id ?? undefined;
    if (id && this.ptt?.commitEventId === id) {
      const reason = e.code === BENIGN_ERROR_CODES.commitEmpty ? 'nothing said' : (e.message ?? 'commit failed');
      this.ptt = null;
      this.setPhase('idle');
      this.commitWaiter?.({ committed: false, reason });
      this.commitWaiter = null;
      return;
    }
    const handled = id ? this.turns.clientEventFailed(id, e.code ?? null, e.message ?? 'rejected') : null;
    if (handled === 'create') this.model.createFailed(id as string);
    if (handled === 'create' || handled === 'response') {
      if (e.code !== BENIGN_ERROR_CODES.alreadyActive) this.emitter.emit('notice', { level: 'error', message: `Message not delivered: ${e.message ?? e.code}` });
      return;
    }
    if (isBenignErrorCode(e.code)) {
      this.log.debug(`benign server error ${e.code}`, e);
      return;
    }
    if (id && this.turns.isOutputClear(id)) {
      // Project decision (§5.1.5): an error reply to output_audio_buffer.clear is benign; log once.
      if (!this.outputClearErrorLogged) this.log.info('output_audio_buffer.clear not supported', e);
      this.outputClearErrorLogged = true;
      return;
    }
    this.log.warn(`server error: ${e.message ?? e.code}`, e);
    if (e.type === 'server_error' || !id) this.emitter.emit('notice', { level: 'error', message: `Server error: ${e.message ?? e.code ?? 'unknown'}` });
  }

  // ——— tools ———

  private async runTools(summary: ResponseSummary, calls: ResponseSummary['calls'], followUp: boolean): Promise<void> {
    const gen = this.generation;
    const abort = new AbortController();
    this.toolAbort = abort;
    if (!followUp) abort.abort(); // barge-in during the response: do not execute, answer as cancelled
    this.setPhase('thinking');
    const outputs = await runToolCalls(followUp ? this.options.tools : undefined, calls, abort.signal, (call) =>
      this.model.upsertTool(call, followUp ? 'running' : 'cancelled'),
    );
    if (this.toolAbort === abort) this.toolAbort = null;
    if (gen !== this.generation || this.closed) return; // the call ids died with the old socket
    for (const { call, output } of outputs) {
      const text = followUp ? output : JSON.stringify({ error: 'cancelled: the user interrupted' });
      this.turns.markCallAnswered(call.callId);
      this.conn.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.callId, output: text } });
      const entry = this.model.entry(call.itemId ?? `call-${call.callId}`);
      const status = entry?.kind === 'tool' && entry.status !== 'running' ? entry.status : followUp ? 'done' : 'cancelled';
      this.model.upsertTool(call, status, text);
    }
    // §6.5: exactly one response.create after all outputs — unless the user interrupted meanwhile.
    if (followUp && !abort.signal.aborted) this.requestResponse(this.turns.turnOf(summary.responseId), false);
    else {
      this.turns.finishIfWaiting(summary.responseId);
      if (this._phase === 'thinking') this.setPhase('idle');
    }
  }

  // ——— connection lifecycle ———

  private onStatus(s: RealtimeSessionEvents['status']): void {
    this.emitter.emit('status', s);
    if (s.status === 'error') {
      this.turns.failAll('failed', s.error?.message ?? 'connection failed');
      this.commitWaiter?.({ committed: false, reason: s.error?.message ?? 'connection failed' });
      this.commitWaiter = null;
    }
  }

  private onLost(): void {
    this.generation++;
    this.toolAbort?.abort();
    const lost = this.model.connectionLost();
    this.audibleUntil = 0;
    this.emitter.emit('audioFlush', lost ? { responseId: lost.id } : {});
    if (lost) this.emitter.emit('metrics', { responseId: lost.id, status: 'cancelled', error: 'connection lost' });
    this.turns.connectionLost();
    if (this.ptt && this.ptt.state === 'commit-pending') this.ptt.commitEventId = null;
    this.emitter.emit('notice', { level: 'warn', message: 'Connection lost; reconnecting…' });
    if (this._phase !== 'listening') this.setPhase('idle');
  }

  private onReady(reconnected: boolean): void {
    if (reconnected) this.replayHistory();
    const turn = this.ptt;
    if (turn && turn.state !== 'committed') {
      // The held-key utterance is complete in `turn`; the outbox may hold a (partial) copy of it.
      this.outbox.clear();
      for (const chunk of turn.replayChunks()) this.sendAppend(chunk);
      if (turn.droppedMs > 0) this.notifyDropped(turn.droppedMs);
      this.trySendCommit();
    } else if (reconnected) {
      this.resendLostTurn();
    }
    this.startDrain();
  }

  private replayHistory(): void {
    const exclude = this.turns.unansweredEntryId();
    for (const h of this.model.history(this.deps.replayItems ?? 20).filter((h) => h.entryId !== exclude)) {
      const id = this.conn.nextEventId();
      this.turns.noteCreate(id, { kind: 'replay' });
      this.conn.send({
        type: 'conversation.item.create',
        event_id: id,
        item:
          h.role === 'user'
            ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: h.text }] }
            : { type: 'message', role: 'assistant', content: [{ type: 'text', text: h.text }] },
      });
    }
  }

  /** §6.8: a user turn sent on the dead socket whose answer was lost is re-sent as text. */
  private resendLostTurn(): void {
    const lost = this.turns.peekUnanswered();
    if (!lost || !lost.text) return;
    const id = this.conn.nextEventId();
    this.turns.noteCreate(id, { kind: 'replay', entryId: lost.entryId, turn: lost.turn ?? undefined });
    this.conn.send({
      type: 'conversation.item.create',
      event_id: id,
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: lost.text }] },
    });
    this.requestResponse(lost.turn, lost.turn?.textOnly ?? false);
  }

  private onSent(ev: ClientEvent): void {
    if (ev.type === 'conversation.item.create' && ev.item.type === 'message' && ev.event_id) {
      const meta = this.turns.createMeta(ev.event_id);
      if (meta) this.model.expectCreated(ev.event_id, meta.kind, meta.entryId);
      if (meta?.kind === 'user-text' && meta.turn) this.turns.markSent(meta.turn);
    } else if (ev.type === 'response.create' && ev.event_id) {
      this.turns.responseRequestSent(ev.event_id);
    } else if (ev.type === 'output_audio_buffer.clear' && ev.event_id) {
      this.turns.noteOutputClear(ev.event_id);
    }
  }

  // ——— helpers ———

  private requestResponse(turn: TextTurn | null, textOnly: boolean): void {
    const id = this.conn.nextEventId();
    this.turns.expectResponse(id, turn, Date.now());
    this.conn.send({ type: 'response.create', event_id: id, ...(textOnly ? { response: { output_modalities: ['text'] } } : {}) });
  }

  /** A response.create that met `conversation_already_has_active_response` is retried once the active one ends. */
  private retryDeferredResponse(): void {
    if (this.model.activeResponse) return;
    const deferred = this.turns.takeDeferred();
    if (deferred) this.requestResponse(deferred.turn, deferred.turn?.textOnly ?? false);
  }

  private trySendCommit(): void {
    const turn = this.ptt;
    if (!turn || turn.state !== 'commit-pending' || turn.commitEventId || this.outbox.size > 0 || !this.conn.isReady) return;
    const id = this.conn.nextEventId();
    turn.commitEventId = id;
    this.turns.commitSent(Date.now());
    this.conn.send({ type: 'input_audio_buffer.commit', event_id: id });
  }

  private sendAppend(bytes: Uint8Array): boolean {
    return this.conn.sendNow({ type: 'input_audio_buffer.append', audio: bytesToBase64(bytes) });
  }

  private canSendAudio(): boolean {
    return this.conn.isReady && this.conn.bufferedAmount < this.outbox.highWaterBytes;
  }

  private startDrain(): void {
    if (this.drainTimer || this.outbox.size === 0) return;
    this.drainTimer = setInterval(() => {
      this.outbox.drain(() => this.canSendAudio(), (c) => this.sendAppend(c));
      const dropped = this.outbox.takeDroppedMs();
      if (dropped > 0) this.notifyDropped(dropped);
      if (this.outbox.size === 0) {
        this.stopDrain();
        this.trySendCommit();
      }
    }, 20);
  }

  private stopDrain(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }

  private notifyDropped(ms: number): void {
    const message = `The connection could not keep up: ${Math.round(ms)} ms of microphone audio was dropped.`;
    this.log.warn(message);
    this.emitter.emit('notice', { level: 'warn', message });
  }

  private onModelAudio(a: RealtimeSessionEvents['audio']): void {
    const now = Date.now();
    this.audibleUntil = Math.max(this.audibleUntil, now) + bytesToMs(a.pcm.byteLength);
    this.emitter.emit('audio', a);
  }

  private onFirstOutput(responseId: string): void {
    this.turns.firstOutput(responseId);
    if (this._phase !== 'listening') this.setPhase('speaking');
  }

  /** Assistant audio may still be coming out of the speaker (estimated from what was received). */
  private assistantAudible(): boolean {
    return !!this.model.activeResponse || Date.now() < this.audibleUntil + 250;
  }

  private setPhase(p: TurnPhase): void {
    if (p === this._phase) return;
    this._phase = p;
    this.emitter.emit('phase', p);
  }
}

export function createRealtimeSession(options: RealtimeSessionOptions, deps?: SessionDeps): RealtimeSession {
  return new RealtimeSessionImpl(options, deps);
}
