import type { ConnectionStatus, ConversationEntry, TurnMode, TurnPhase } from '../../shared/conversation';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { silentLogger, type Logger } from '../../shared/logger';
import type { ServerEvent, ServerEventOf } from '../../shared/protocol/server-events';
import { TypedEmitter } from '../../shared/typed-emitter';
import type { ExpiryRecycler } from './connection/expiry-recycler';
import { replayHistory, resendLostTurn, textMessage } from './connection/recovery';
import { DEFAULT_BARGE_IN_MS, partialSessionConfig, type ConfigOptions } from './connection/session-config';
import type { ConversationModel, ResponseSummary } from './conversation/conversation-model';
import { SUPERSEDED, type MicInput } from './mic/mic-input';
import { createSessionParts, type SessionDeps } from './session-parts';
import { BargeInGate } from './turns/barge-in-gate';
import type { ErrorRouter } from './turns/error-router';
import type { Interrupter } from './turns/interruption';
import type { SessionConnection } from './turns/request-ledger';
import { ResponseWatchdog, STALLED_MESSAGE } from './turns/response-watchdog';
import type { ToolCoordinator } from './turns/tool-coordinator';
import { turnMetrics } from './turns/turn-metrics';
import { TurnTracker, type TextTurn } from './turns/turn-tracker';
import { asBytes } from './wire/pcm';
import type { RealtimeSession, RealtimeSessionEvents, RealtimeSessionOptions, TextTurnResult } from './session-api';

/**
 * The echo canceller's first seconds of an answer, when its own-voice leaks are longest (measured
 * on the loop: up to 250 ms, 2.9 s into playback, which starts up to ~0.4 s after holding does).
 */
const ECHO_CONVERGENCE_MS = 4000;

/**
 * The realtime session: turns (push-to-talk, hands-free, text), interruption, tool calls, metrics
 * and reconnect recovery, on top of RealtimeConnection (sockets, config) and ConversationModel
 * (what was said). Nothing here throws into the app: server trouble becomes status, notices or logs.
 */

export type { SessionDeps } from './session-parts';

export class RealtimeSessionImpl implements RealtimeSession {
  private readonly emitter: TypedEmitter<RealtimeSessionEvents>;
  private readonly log: Logger;
  private readonly conn: SessionConnection;
  private readonly model: ConversationModel;
  private readonly mic: MicInput;
  private readonly errors: ErrorRouter;
  private readonly interrupter: Interrupter;
  private readonly turns = new TurnTracker();
  /** Hands-free: holds the mic while the assistant is heard; only sustained voice interrupts it. */
  private readonly gate: BargeInGate;
  private readonly subs = new DisposableStore();
  private cfg: ConfigOptions;
  private _phase: TurnPhase = 'idle';
  private readonly tools: ToolCoordinator;
  private generation = 0;
  private readonly recycler: ExpiryRecycler;
  private speechStoppedAt: number | undefined;
  private closed = false;
  private readonly watchdog = new ResponseWatchdog(() => this.options.responseTimeoutMs ?? 30_000, () => this.onStalled());

  constructor(
    private readonly options: RealtimeSessionOptions,
    private readonly deps: SessionDeps = {},
  ) {
    this.log = options.logger ?? silentLogger;
    this.emitter = new TypedEmitter((err, ev) => this.log.error(`session listener for ${String(ev)} threw`, err));
    this.cfg = { ...options };
    this.gate = new BargeInGate({ sustainMs: options.bargeInMs ?? DEFAULT_BARGE_IN_MS, convergenceMs: ECHO_CONVERGENCE_MS });
    const parts = createSessionParts(options, deps, {
      log: this.log,
      turns: this.turns,
      config: () => this.cfg,
      generation: () => this.generation,
      closed: () => this.closed,
      notice: (level, message) => this.emitter.emit('notice', { level, message }),
      entry: (e) => this.emitter.emit('entry', e),
      audio: (a) => this.onModelAudio(a),
      firstOutput: (rid) => this.onFirstOutput(rid),
      flush: (responseId) => this.emitter.emit('audioFlush', responseId ? { responseId } : {}),
    });
    this.model = parts.model;
    this.conn = parts.conn;
    this.mic = parts.mic;
    this.errors = parts.errors;
    this.interrupter = parts.interrupter;
    this.tools = parts.tools;
    this.recycler = parts.recycler;
    for (const d of [
      this.conn.on('status', (s) => this.onStatus(s)),
      this.conn.on('ready', (r) => this.onReady(r.reconnected)),
      this.conn.on('lost', (l) => this.onLost(l.planned ?? false)),
      this.conn.on('expiring', () => this.recycler.expire()),
      this.conn.on('event', (ev) => this.onServerEvent(ev)),
      this.conn.on('notice', (n) => this.emitter.emit('notice', n)),
      ...this.tools.wire(),
    ])
      this.subs.add(d);
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
    this.watchdog.stop();
    this.tools.abort();
    this.recycler.dispose();
    this.mic.close();
    this.turns.failAll('cancelled', 'session closed');
    await this.conn.close();
  }

  updateOptions(patch: Parameters<RealtimeSession['updateOptions']>[0]): void {
    const modeChanged = patch.mode !== undefined && patch.mode !== this.cfg.mode;
    this.cfg = { ...this.cfg, ...patch };
    // §2.9/§6.7: drop stale input before switching turn detection.
    if (modeChanged) this.mic.reset('mode changed');
    if (modeChanged) this.gate.reset();
    if (patch.bargeInMs !== undefined) this.gate.configure({ sustainMs: patch.bargeInMs });
    const partial = partialSessionConfig(patch, this.cfg);
    if (partial) this.conn.updateSession(partial);
  }

  // ——— push-to-talk ———

  async beginUserTurn(): Promise<void> {
    if (this.interrupter.audible()) await this.interrupt();
    this.mic.begin();
    this.setPhase('listening');
  }

  appendAudio(pcm: ArrayBuffer | Uint8Array): void {
    if (this.closed) return;
    if (!this.gated()) return this.mic.append(pcm);
    const r = this.gate.push(asBytes(pcm).slice(), this.interrupter.audible());
    // Stop the answer first (the sink's stop is what the user hears), then release the held voice.
    if (r.bargeIn) {
      this.log.info('hands-free barge-in: sustained voice over the answer', r.run);
      this.background(this.interrupt(), 'barge-in (sustained voice)');
    } else if (r.released) {
      this.log.info(`hands-free barge-in gate: ${r.released === 'voice' ? 'sustained voice after the answer' : 'steady sound after the answer'} sent on`, r.run);
    }
    for (const b of r.forward) this.mic.append(b);
  }

  /** The client decides hands-free barge-in (there is a sink to stop and the gate is on). */
  private gated = (): boolean => this.cfg.mode === 'hands-free' && !!this.options.playback && this.gate.enabled;

  async commitUserTurn(): Promise<{ committed: boolean; reason?: string }> {
    if (this.conn.status === 'error') {
      this.mic.fail('not connected');
      this.setPhase('idle');
      return { committed: false, reason: 'not connected' };
    }
    const pending = this.mic.commit();
    if (this.mic.commitPending) this.setPhase('thinking');
    const r = await pending;
    if (!r.committed && r.reason !== SUPERSEDED) this.setPhase('idle');
    return r;
  }

  cancelUserTurn(): void {
    this.mic.reset();
    if (this._phase === 'listening') this.setPhase('idle');
  }

  // ——— text ———

  async sendText(text: string, opts: { textOnly?: boolean } = {}): Promise<TextTurnResult> {
    // After a fatal failure nothing would ever deliver it; while connecting/reconnecting it is queued.
    if (this.conn.status === 'error') return { responseId: '', text: '', status: 'failed', error: 'not connected' };
    if (this.model.activeResponse || this.interrupter.audible()) await this.interrupt();
    const entryId = this.model.addLocalUserText(text);
    const turn = this.turns.startText(text, entryId, opts.textOnly ?? false);
    this.conn.request({ type: 'conversation.item.create', item: textMessage('user', text) }, { kind: 'user-text', entryId, turn });
    this.requestResponse(turn, opts.textOnly ?? false);
    this.setPhase('thinking');
    return turn.promise;
  }

  /**
   * Carries finished messages of another conversation into this one, keeping their ids: shown at
   * once and created on the server as history (no response is asked for).
   */
  importMessages(entries: readonly ConversationEntry[]): void {
    for (const e of entries) {
      if (e.kind !== 'message' || e.role === 'system' || !e.text.trim()) continue;
      this.model.importMessage(e);
      this.conn.request({ type: 'conversation.item.create', item: textMessage(e.role, e.text) }, { kind: 'replay', entryId: e.id });
    }
  }

  // ——— interruption ———

  async interrupt(): Promise<void> {
    this.tools.abort();
    await this.interrupter.interrupt();
    if (this._phase === 'speaking' || this._phase === 'thinking') this.setPhase('idle');
  }

  // ——— server events ———

  private onServerEvent(ev: ServerEvent): void {
    // In flight = from response.created to response.done (a create never answered is the turn tracker's).
    if (ev.type === 'response.created' || (ev.type.startsWith('response.') && this.watchdog.armed)) this.watchdog.kick();
    switch (ev.type) {
      case 'error':
        return this.errors.route(ev.error);
      case 'input_audio_buffer.speech_started':
        // With the gate on, nothing the server hears while the assistant speaks is unconfirmed.
        if (!this.gated() && (this.interrupter.audible() || this.model.activeResponse)) this.background(this.interrupt(), 'barge-in');
        this.setPhase('listening');
        return;
      case 'input_audio_buffer.speech_stopped':
        this.speechStoppedAt = Date.now();
        this.setPhase('thinking');
        return;
      case 'input_audio_buffer.committed': {
        // A re-committed utterance keeps its existing row.
        const replayOf = this.mic.replayOf;
        if (replayOf && ev.item_id) this.model.aliasItem(ev.item_id, replayOf);
        this.model.handle(ev);
        return this.onCommitted(ev.item_id ?? null);
      }
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
    if (itemId) this.turns.voiceCommitted(itemId);
    if (!this.mic.commitPending) return; // server VAD committed: the server creates the response
    // §6.2: response.create only after the commit is acknowledged, so a rejected (empty) commit
    // never produces an answer to nothing.
    this.requestResponse(null, false);
    this.mic.committed(itemId);
  }

  private onResponseDone(ev: ServerEventOf<'response.done'>): void {
    this.watchdog.stop();
    const summary = this.model.onResponseDone(ev);
    const firstAt = this.model.response(summary.responseId)?.firstOutputAt;
    this.emitter.emit('metrics', turnMetrics(summary, this.turns.latencyStart(summary.responseId), firstAt));
    if (summary.status === 'failed') this.emitter.emit('notice', { level: 'error', message: `The assistant could not answer: ${summary.error}` });
    // Cancelled by the server (e.g. its VAD heard the user, §6.6): stop playback and truncate to
    // what was heard, exactly as for a client-side interruption.
    if (summary.status === 'cancelled' && !summary.interrupted) this.background(this.interrupt(), 'server cancel');
    const pendingCalls = summary.calls.filter((c) => !this.turns.callAnswered(c.callId));
    const followUp = pendingCalls.length > 0 && !summary.interrupted && summary.status !== 'cancelled';
    this.turns.responseDone(summary, followUp);
    if (pendingCalls.length > 0) this.background(this.runTools(summary, pendingCalls, followUp), 'tool calls');
    else if (this._phase !== 'listening') this.setPhase('idle');
    this.retryDeferredResponse();
  }

  /** Sizes of the core's per-turn collections (not part of RealtimeSession): bounds tests, diagnostics. */
  debugSizes(): Record<string, number> {
    return { ...this.model.stats(), ...this.turns.stats() };
  }

  // ——— tools ———

  private async runTools(summary: ResponseSummary, calls: ResponseSummary['calls'], followUp: boolean): Promise<void> {
    this.setPhase('thinking');
    // A response the user interrupted: its calls are not executed, only answered as cancelled.
    const outcome = await this.tools.run(calls, followUp);
    if (outcome === 'stale') return;
    if (outcome === 'follow-up') {
      // §6.5: exactly one response.create after all outputs.
      const turn = this.turns.turnOf(summary.responseId);
      this.requestResponse(turn, turn?.textOnly ?? false);
      return;
    }
    this.turns.finishIfWaiting(summary.responseId);
    if (this._phase === 'thinking') this.setPhase('idle');
  }

  // ——— connection lifecycle ———

  private onStatus(s: RealtimeSessionEvents['status']): void {
    this.emitter.emit('status', s);
    if (s.status === 'error') {
      this.turns.failAll('failed', s.error?.message ?? 'connection failed');
      this.mic.fail(s.error?.message ?? 'connection failed');
    }
  }

  private onLost(planned: boolean): void {
    this.watchdog.stop();
    this.generation++;
    this.tools.abort();
    const lost = this.model.connectionLost();
    this.interrupter.forgetAudio();
    this.emitter.emit('audioFlush', lost ? { responseId: lost.id } : {});
    if (lost) this.emitter.emit('metrics', { responseId: lost.id, status: 'cancelled', error: 'connection lost' });
    this.turns.connectionLost();
    this.mic.connectionLost();
    if (!planned) this.emitter.emit('notice', { level: 'warn', message: 'Connection lost; reconnecting…' });
    if (this._phase !== 'listening') this.setPhase('idle');
  }

  private onReady(reconnected: boolean): void {
    if (reconnected || this.options.seed?.length) replayHistory(this.conn, this.model, this.turns, this.deps.replayItems ?? 20, this.options.seed);
    // A held push-to-talk utterance goes first; otherwise a turn lost with the old socket is re-sent.
    const lost = reconnected ? this.turns.peekUnanswered() : null;
    if (!this.mic.ready(lost && !lost.text ? lost.itemId : null) && reconnected) {
      const resent = resendLostTurn(this.conn, this.turns);
      if (resent) this.requestResponse(resent.turn, resent.turn?.textOnly ?? false);
    }
  }

  // ——— helpers ———

  /** The watchdog fired: cancel what the server is (not) doing and let the user ask again. */
  private onStalled(): void {
    this.log.warn('response watchdog: no response event in time; cancelling');
    this.background(this.interrupt(), 'stalled response cancel');
    this.setPhase('idle');
    this.emitter.emit('notice', { level: 'error', message: STALLED_MESSAGE, action: 'retry-response' });
  }

  retryResponse(): void {
    if (!this.closed && !this.model.activeResponse) this.requestResponse(null, false);
  }

  private requestResponse(turn: TextTurn | null, textOnly: boolean): void {
    const response = textOnly ? { response: { output_modalities: ['text' as const] } } : {};
    this.conn.request({ type: 'response.create', ...response }, { kind: 'response', turn });
  }

  /** A response.create that met `conversation_already_has_active_response` is retried once the active one ends. */
  private retryDeferredResponse(): void {
    if (this.model.activeResponse) return;
    const deferred = this.turns.takeDeferred();
    if (deferred) this.requestResponse(deferred.turn, deferred.turn?.textOnly ?? false);
  }

  private onModelAudio(a: RealtimeSessionEvents['audio']): void {
    this.interrupter.noteAudio(a.itemId, a.pcm.byteLength);
    this.emitter.emit('audio', a);
  }

  private onFirstOutput(_responseId: string): void {
    if (this._phase !== 'listening') this.setPhase('speaking');
  }

  /** Fire-and-forget work started from event handlers: a failure is logged, never an unhandled rejection. */
  private background(p: Promise<unknown>, what: string): void {
    p.catch((err: unknown) => this.log.error(`${what} failed`, err));
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
