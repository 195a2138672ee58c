// One simulated Realtime session (one WebSocket). Owns the wire (send, errors, lint reports), the
// frame pipeline (rules 1–8 and 26 of §7.4) and dispatch to the handlers. Input-buffer, item and
// response logic live in input.ts, items-handler.ts and responder.ts; they operate on this object.

import type { RawData, WebSocket } from 'ws';
import { eventIdOf, validateClientEvent, type ClientEvent } from './client-events.js';
import { Conversation } from './conversation.js';
import { IdSource } from './ids.js';
import { InputBuffer } from './input.js';
import { handleItemEvent } from './items-handler.js';
import { LINT_RULES, Linter, type LintRule } from './lint.js';
import { RateWindow } from './rate.js';
import type { SessionRecord } from './record.js';
import { ResponseRun, type ResponseOverrides } from './responder.js';
import { applySessionUpdate, defaultSession, sessionView, type SessionConfig } from './session-config.js';
import { SimError } from './shape.js';
import { hasFault, type Switches } from './switches.js';

export interface SessionDeps {
  ws: WebSocket;
  record: SessionRecord;
  switches: Switches;
  accountRate: RateWindow;
  /** false: audio payloads in recorded events are replaced by a length marker (long-running demo). */
  recordPayloads: boolean;
}

/** Replaces base64 audio fields with a marker so a long demo session does not keep every event's audio twice. */
function withoutAudio(ev: unknown): unknown {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return ev;
  const e = ev as Record<string, unknown>;
  for (const k of ['audio', 'delta'] as const) {
    if (typeof e[k] === 'string' && (e.type === 'input_audio_buffer.append' || String(e.type).includes('audio.delta'))) {
      return { ...e, [k]: `<base64: ${(e[k] as string).length} chars>` };
    }
  }
  return ev;
}

export class SimSession {
  readonly ids = new IdSource();
  readonly conversation = new Conversation();
  /** Scripted transcripts of committed audio items (the simulator does not recognise speech). */
  readonly transcripts = new Map<string, string>();
  readonly conversationId: string;
  readonly sw: Switches;
  readonly record: SessionRecord;
  readonly lint: Linter;
  readonly input: InputBuffer;
  config: SessionConfig;
  ready = false;
  active: ResponseRun | null = null;
  lastAudioResponseId: string | null = null;
  /** Set when VAD committed the last user turn and will create the response itself (lint). */
  vadResponsePending = false;
  /** Lint bookkeeping for §6.5: call ids of the last response that still lack outputs, and creates since. */
  toolBatch: { pending: Set<string>; creates: number } | null = null;
  disarmItemLint: (() => void) | null = null;
  readonly disarmTruncateLint = new Map<string, () => void>();
  private readonly ws: WebSocket;
  private readonly accountRate: RateWindow;
  private readonly sessionRate: RateWindow;
  private readonly keep: (ev: unknown) => unknown;
  private closed = false;
  /** dead-peer fault fired: nothing is sent, read or ponged any more (the socket stays open). */
  private dead = false;
  private sentCount = 0;
  private pingTimer: NodeJS.Timeout | null = null;

  constructor(deps: SessionDeps) {
    this.ws = deps.ws;
    this.record = deps.record;
    this.sw = deps.switches;
    this.accountRate = deps.accountRate;
    this.sessionRate = new RateWindow(this.sw.rateBudget);
    this.keep = deps.recordPayloads ? (ev) => ev : withoutAudio;
    this.config = defaultSession(deps.record.id);
    this.conversationId = this.ids.next('conv');
    this.lint = new Linter((rule, eventId, detail) => this.reportLint(rule, eventId, detail), this.sw.lintTimeoutMs);
    this.input = new InputBuffer(this);
    this.ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    this.ws.on('close', (code) => this.onClose(code));
    this.ws.on('error', () => {}); // a reset by the peer is a normal way for a test to end
    // The server runs with autoPong off so that a dead peer can stop answering; a live one pongs here.
    this.ws.on('ping', (data) => {
      if (!this.dead && this.ws.readyState === this.ws.OPEN) this.ws.pong(data);
    });
  }

  get view(): ReturnType<typeof sessionView> {
    return sessionView(this.config);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends the opening events (§2.1) and any connection-level fault injections. */
  start(): void {
    const sc = this.sw.sessionCreated;
    if (sc === 'full') this.send({ type: 'session.created', session: this.config });
    if (sc === 'bare') this.send({ type: 'session.created' });
    if (sc === 'partial') this.send({ type: 'session.created', session: { id: this.config.id, object: 'realtime.session', type: 'realtime' } });
    if (this.sw.unknownEvents) this.send({ type: 'x.unknown.event', detail: { note: 'injected by sim_unknown_events' } });
    if (hasFault(this.sw, 'malformed-frame')) this.sendRaw('{"type":"response.output_audio.delta","delta":', '<malformed>');
    if (hasFault(this.sw, 'binary-frame')) this.sendRaw(Buffer.from([0x00, 0x01, 0x02, 0xff]), '<binary 4 bytes>');
    if (hasFault(this.sw, 'oversize-frame')) this.send({ type: 'x.oversize.event', padding: 'x'.repeat(2 * 1024 * 1024) });
    if (this.sw.pingMs > 0) this.pingTimer = setInterval(() => this.send({ type: 'ping', timestamp: Date.now() }), this.sw.pingMs);
  }

  /** Sends one server event with a fresh event_id; records it; applies the close-after-N fault. */
  send(ev: Record<string, unknown>): void {
    if (this.closed || this.dead || this.ws.readyState !== this.ws.OPEN) return;
    const { type, ...rest } = ev;
    const full = { type, event_id: this.ids.next('evt'), ...rest };
    this.record.serverEvents.push({ t: performance.now(), wall: Date.now(), event: this.keep(full) as Record<string, unknown> });
    this.ws.send(JSON.stringify(full));
    this.sentCount += 1;
    if (this.sw.closeAfter > 0 && this.sentCount >= this.sw.closeAfter) this.dropConnection();
  }

  /** Sends a frame that is not a well-formed event (fault injection); recorded with a marker type. */
  sendRaw(data: string | Buffer, label: string): void {
    if (this.closed || this.dead || this.ws.readyState !== this.ws.OPEN) return;
    this.record.serverEvents.push({ t: performance.now(), wall: Date.now(), event: { type: '<raw>', label } });
    this.ws.send(data, { binary: typeof data !== 'string' });
  }

  sendError(err: SimError, clientEventId: string | null): void {
    const error = { type: err.errorType, code: err.code, message: err.message, param: err.param, event_id: clientEventId };
    this.record.errors.push({ t: performance.now(), wall: Date.now(), ...error });
    this.send({ type: 'error', error });
  }

  private reportLint(rule: LintRule, eventId: string | null, detail?: string): void {
    const message = detail ? `${LINT_RULES[rule]}: ${detail}` : LINT_RULES[rule];
    this.record.lint.push({ t: performance.now(), wall: Date.now(), rule, message, event_id: eventId });
    if (this.sw.pedantic) this.sendError(new SimError('protocol_lint', `[${rule}] ${message}`), eventId);
  }

  /** Abrupt close: destroy the TCP socket without a close frame (the client sees 1006). */
  dropConnection(): void {
    this.ws.terminate();
  }

  /**
   * dead-peer fault: the server vanishes without closing (a crashed host, a NAT that forgot the
   * flow). Only the client's keep-alive can notice; the TCP socket stays open until the client ends it.
   */
  goDead(): void {
    this.dead = true;
    this.record.deadAt = { t: performance.now(), wall: Date.now() };
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  closeWith(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const t = performance.now();
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let parsed: unknown = null;
    let raw: string | undefined;
    if (isBinary) raw = `<binary ${buf.length} bytes>`;
    else {
      const text = buf.toString('utf8');
      try {
        parsed = JSON.parse(text);
      } catch {
        raw = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
      }
    }
    this.record.clientEvents.push({ t, wall: Date.now(), event: this.keep(parsed), ...(raw !== undefined ? { raw } : {}) });
    // A dead peer still receives bytes (recorded, so tests see what was lost) but never acts on them.
    if (this.dead) return;
    const eventId = eventIdOf(parsed);
    // Both budgets are charged for every frame, valid or not: the real limit counts packets.
    const withinAccount = this.accountRate.hit(t);
    const withinSession = this.sessionRate.hit(t);
    if (!withinAccount || !withinSession) {
      if (this.sw.rateAction === 'close') this.closeWith(1008, 'packet rate exceeded');
      else this.sendError(new SimError('rate_limit_exceeded', 'Packet rate budget exceeded; frame dropped'), eventId);
      return;
    }
    if (isBinary) return this.sendError(new SimError('invalid_frame', 'Binary frames are not supported; send JSON text frames'), null);
    if (raw !== undefined) return this.sendError(new SimError('invalid_json', 'Failed to parse message'), null);
    let ev: ClientEvent;
    try {
      ev = validateClientEvent(parsed, this.sw.strict);
    } catch (err) {
      if (err instanceof SimError) return this.sendError(err, eventId);
      throw err;
    }
    const appendMs = ev.type === 'input_audio_buffer.append' && typeof ev.audio === 'string' ? this.input.estimateMs(ev.audio) : null;
    this.lint.onEvent(ev, { ready: this.ready, appendMs });
    try {
      this.dispatch(ev);
    } catch (err) {
      if (err instanceof SimError) this.sendError(err, eventId);
      else this.sendError(new SimError('server_error_internal', `Simulator bug: ${(err as Error).message}`, null, 'server_error'), eventId);
    }
  }

  private dispatch(ev: ClientEvent): void {
    const id = ev.event_id ?? null;
    switch (ev.type) {
      case 'session.update':
        return this.onSessionUpdate(ev.session);
      case 'input_audio_buffer.append':
        return this.input.append(ev.audio as string);
      case 'input_audio_buffer.commit':
        return this.input.commit();
      case 'input_audio_buffer.clear':
        return this.input.clear();
      case 'output_audio_buffer.clear':
        if (this.sw.clearReply) this.send({ type: 'output_audio_buffer.cleared', response_id: this.active?.id ?? this.lastAudioResponseId });
        return;
      case 'response.create':
        return this.onResponseCreate((ev.response ?? {}) as ResponseOverrides, id);
      case 'response.cancel':
        return this.onResponseCancel(ev.response_id as string | undefined);
      default:
        return handleItemEvent(this, ev);
    }
  }

  private onSessionUpdate(patch: unknown): void {
    const before = this.config;
    this.config = applySessionUpdate(before, patch, this.sw.strict); // throws → nothing applied
    this.record.sessionConfig = this.config;
    this.input.onConfigChanged(before);
    this.send({ type: 'session.updated', session: this.config });
    if (!this.ready) {
      this.ready = true;
      if (this.sw.errorTypeFrame) {
        this.sendRaw(JSON.stringify({ errorType: 'SESSION_RESOURCES_EXHAUSTED', message: 'Session resources exhausted' }), 'errorType');
      }
    }
  }

  private onResponseCreate(overrides: ResponseOverrides, eventId: string | null): void {
    // Lint first: the typical duplicate arrives while the VAD-created response is still active.
    if (this.vadResponsePending) this.reportLint('response-create-after-vad', eventId);
    if (this.active) {
      throw new SimError('conversation_already_has_active_response', `Conversation already has an active response ${this.active.id}.`);
    }
    if (this.toolBatch) {
      this.toolBatch.creates += 1;
      if (this.toolBatch.pending.size > 0 || this.toolBatch.creates > 1) {
        this.reportLint('tool-response-create', eventId, `${this.toolBatch.pending.size} call(s) without output`);
      }
    }
    this.startResponse(overrides, 'client');
  }

  startResponse(overrides: ResponseOverrides, cause: 'client' | 'vad' | 'auto-tool'): void {
    this.disarmItemLint?.();
    this.disarmItemLint = null;
    this.active = new ResponseRun(this, overrides, cause);
    this.active.start();
  }

  private onResponseCancel(responseId: string | undefined): void {
    if (!this.active) throw new SimError('response_cancel_not_active', 'There is no active response to cancel.');
    if (responseId !== undefined && responseId !== this.active.id) {
      throw new SimError('response_cancel_not_active', `Response ${responseId} is not the active response.`, 'response_id');
    }
    this.active.cancel('client_cancelled');
  }

  /** Called by a response when it ends; arms the §6.6 truncate lint for interrupted audible audio. */
  onResponseEnded(run: ResponseRun, status: string): void {
    if (this.active === run) this.active = null;
    if (status === 'cancelled' && run.audibleItemId) {
      const itemId = run.audibleItemId;
      this.disarmTruncateLint.set(itemId, this.lint.expect('missing-truncate', null));
    }
    const calls = run.callIds();
    this.toolBatch = calls.length > 0 && status === 'completed' ? { pending: new Set(calls), creates: 0 } : null;
    // After one completed turn, so a test can check that history from before the outage is replayed.
    if (status === 'completed' && hasFault(this.sw, 'dead-peer')) this.goDead();
  }

  private onClose(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.record.closedAt = { t: performance.now(), wall: Date.now() };
    this.record.closeCode = code;
    this.active?.abort();
    this.active = null;
    this.lint.dispose();
    this.input.dispose();
    if (this.pingTimer) clearInterval(this.pingTimer);
  }
}
