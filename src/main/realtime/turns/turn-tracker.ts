import type { TextTurnResult } from '../session-api';
import type { ResponseSummary } from '../conversation/conversation-model';
import type { ClientItem } from '../../../shared/protocol/client-events';
import { RETENTION, trimOldest } from '../conversation/retention';

/**
 * Links what the client asked for to what the server answered: which `response.create` produced
 * which response (for latency and for resolving `sendText`), which user turn is still unanswered
 * (re-sent after a reconnect, §6.8), which requests must be retried, and which tool calls were
 * already answered. No I/O; the session acts on what it reports.
 */

export interface TextTurn {
  text: string;
  entryId: string;
  textOnly: boolean;
  responseIds: string[];
  texts: string[];
  promise: Promise<TextTurnResult>;
  resolve: (r: TextTurnResult) => void;
  settled: boolean;
}

interface Expectation {
  eventId: string;
  turn: TextTurn | null;
  start: number;
  sent: boolean;
  sentAt?: number;
}

/**
 * A response.create neither answered by response.created nor by an error after this long is taken
 * as lost; otherwise one silently dropped request would shift every later request/response pairing.
 */
const EXPECTATION_TTL_MS = 30_000;

interface CreateMeta {
  kind: 'user-text' | 'replay';
  entryId?: string;
  turn?: TextTurn | undefined;
  sent?: boolean;
  /** Alternative item to send if the server rejects this one (assistant content spelling, §6.8). */
  fallback?: ClientItem;
}

interface Unanswered {
  entryId: string;
  text?: string;
  itemId?: string;
  turn: TextTurn | null;
}

export class TurnTracker {
  private expectations: Expectation[] = [];
  private deferred: Expectation[] = [];
  private creates = new Map<string, CreateMeta>();
  private responses = new Map<string, { start?: number; turn: TextTurn | null }>();
  private waiting = new Map<string, TextTurn>();
  private afterDone = new Map<string, Array<() => void>>();
  private answeredCalls = new Set<string>();
  private outputClears = new Set<string>();
  private unanswered: Unanswered | null = null;
  private commitAt: number | undefined;
  private turns = new Set<TextTurn>();

  startText(text: string, entryId: string, textOnly = false): TextTurn {
    let resolve!: (r: TextTurnResult) => void;
    const promise = new Promise<TextTurnResult>((r) => (resolve = r));
    const turn: TextTurn = { text, entryId, textOnly, responseIds: [], texts: [], promise, resolve, settled: false };
    this.turns.add(turn);
    return turn;
  }

  noteCreate(eventId: string, meta: CreateMeta): void {
    this.creates.set(eventId, meta);
    // An error reply to a create comes right after it: only recent sent ones need remembering.
    // Unsent ones (queued while offline) are kept; the outage queue bounds them.
    trimOldest(this.creates, RETENTION.eventIds, (id) => !this.creates.get(id)?.sent, RETENTION.responses);
  }

  createMeta(eventId: string): CreateMeta | undefined {
    const m = this.creates.get(eventId);
    if (m) m.sent = true;
    return m;
  }

  /** The typed message reached the socket: until answered it is re-sent after a reconnect. */
  markSent(turn: TextTurn): void {
    this.unanswered = { entryId: turn.entryId, text: turn.text, turn };
  }

  commitSent(now: number): void {
    this.commitAt = now;
  }

  voiceCommitted(itemId: string): void {
    this.unanswered = { entryId: itemId, itemId, turn: null };
  }

  voiceTranscript(itemId: string, transcript: string): void {
    if (this.unanswered?.itemId === itemId) this.unanswered.text = transcript;
  }

  expectResponse(eventId: string, turn: TextTurn | null, now: number): void {
    // A voice turn's latency runs from the commit, not from the response.create that follows its ack.
    const start = turn ? now : (this.commitAt ?? now);
    this.commitAt = undefined;
    this.expectations.push({ eventId, turn, start, sent: false });
  }

  responseRequestSent(eventId: string): void {
    const e = this.expectations.find((x) => x.eventId === eventId);
    if (!e) return;
    // Queued while offline: measure from when the request actually left.
    if (!e.sent && e.turn) e.start = Math.max(e.start, Date.now());
    e.sent = true;
    e.sentAt = Date.now();
  }

  responseCreated(responseId: string, speechStoppedAt: number | undefined): void {
    if (this.responses.has(responseId)) return;
    const now = Date.now();
    for (const stale of this.expectations.filter((x) => x.sent && now - (x.sentAt ?? now) > EXPECTATION_TTL_MS)) {
      this.expectations.splice(this.expectations.indexOf(stale), 1);
      if (stale.turn) this.settle(stale.turn, '', 'failed', 'the server never answered');
    }
    const idx = this.expectations.findIndex((e) => e.sent);
    const e = idx >= 0 ? this.expectations.splice(idx, 1)[0] : undefined;
    const start = e?.start ?? speechStoppedAt;
    const turn = e?.turn ?? null;
    this.responses.set(responseId, { start, turn });
    if (turn) turn.responseIds.push(responseId);
    // Latency and turn lookups happen up to this response's response.done; old ones are never read.
    trimOldest(this.responses, RETENTION.responses, (id) => this.waiting.has(id) || id === responseId, RETENTION.responses / 4);
  }

  latencyStart(responseId: string): number | undefined {
    return this.responses.get(responseId)?.start;
  }

  turnOf(responseId: string): TextTurn | null {
    return this.responses.get(responseId)?.turn ?? null;
  }

  userInterrupted(_responseId: string): void {
    // The user chose to stop this answer: nothing to re-send after a reconnect.
    this.unanswered = null;
  }

  afterResponseDone(responseId: string, fn: () => void, timeoutMs: number): void {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(once, timeoutMs);
    const list = this.afterDone.get(responseId) ?? [];
    list.push(once);
    this.afterDone.set(responseId, list);
  }

  responseDone(s: ResponseSummary, followUp: boolean): void {
    for (const fn of this.afterDone.get(s.responseId) ?? []) fn();
    this.afterDone.delete(s.responseId);
    const turn = this.turnOf(s.responseId);
    if (turn && s.text) turn.texts.push(s.text);
    if (followUp) {
      if (turn) this.waiting.set(s.responseId, turn);
      return;
    }
    if (s.interrupted || s.status !== 'cancelled') this.unanswered = null;
    if (turn) this.settle(turn, s.responseId, s.status, s.error);
  }

  finishIfWaiting(responseId: string): void {
    const turn = this.waiting.get(responseId);
    this.waiting.delete(responseId);
    if (turn) this.settle(turn, responseId, 'cancelled');
  }

  callAnswered(callId: string): boolean {
    return this.answeredCalls.has(callId);
  }

  markCallAnswered(callId: string): void {
    this.answeredCalls.add(callId);
    // Only calls of responses the model still tracks can come round again.
    trimOldest(this.answeredCalls, RETENTION.eventIds, undefined, RETENTION.responses);
  }

  noteOutputClear(eventId: string): void {
    this.outputClears.add(eventId);
    // Its error reply (if any) follows within a turn.
    trimOldest(this.outputClears, RETENTION.eventIds, undefined, RETENTION.responses);
  }

  isOutputClear(eventId: string): boolean {
    return this.outputClears.has(eventId);
  }

  /** The fallback item of a rejected create, if it has one (consumed). */
  takeFallback(eventId: string): ClientItem | undefined {
    const m = this.creates.get(eventId);
    if (!m?.fallback) return undefined;
    this.creates.delete(eventId);
    return m.fallback;
  }

  /** Sizes of the internal collections, for bounds tests and diagnostics. */
  stats(): Record<string, number> {
    return {
      expectations: this.expectations.length,
      deferred: this.deferred.length,
      creates: this.creates.size,
      trackedResponses: this.responses.size,
      waiting: this.waiting.size,
      afterDone: this.afterDone.size,
      answeredCalls: this.answeredCalls.size,
      outputClears: this.outputClears.size,
      openTurns: this.turns.size,
    };
  }

  /** An `error` named one of our events. Returns what it was, so the session can react. */
  clientEventFailed(eventId: string, code: string | null, message: string): 'create' | 'response' | null {
    const create = this.creates.get(eventId);
    if (create) {
      this.creates.delete(eventId);
      if (create.kind === 'user-text' && create.turn) {
        if (this.unanswered?.turn === create.turn) this.unanswered = null;
        this.settle(create.turn, '', 'failed', message);
      }
      return 'create';
    }
    const idx = this.expectations.findIndex((e) => e.eventId === eventId);
    if (idx < 0) return null;
    const [e] = this.expectations.splice(idx, 1);
    if (!e) return null;
    if (code === 'conversation_already_has_active_response') this.deferred.push(e);
    else if (e.turn) this.settle(e.turn, '', 'failed', message);
    return 'response';
  }

  takeDeferred(): Expectation | undefined {
    return this.deferred.shift();
  }

  unansweredEntryId(): string | undefined {
    return this.unanswered?.entryId;
  }

  /** The unanswered turn stays recorded until answered, so a second drop re-sends it again. */
  peekUnanswered(): Unanswered | null {
    return this.unanswered;
  }

  /** Requests written to the dead socket will never be answered; queued ones will still be sent. */
  connectionLost(): void {
    this.expectations = this.expectations.filter((e) => !e.sent);
    this.deferred = [];
    for (const [id, m] of this.creates) if (m.sent) this.creates.delete(id);
    for (const fns of this.afterDone.values()) for (const fn of fns) fn();
    this.afterDone.clear();
    this.waiting.clear();
    this.commitAt = undefined;
  }

  failAll(status: TextTurnResult['status'], error: string): void {
    for (const t of this.turns) this.settle(t, t.responseIds[t.responseIds.length - 1] ?? '', status, error);
    this.expectations = [];
    this.deferred = [];
    this.unanswered = null;
  }

  private settle(turn: TextTurn, responseId: string, status: TextTurnResult['status'], error?: string): void {
    if (turn.settled) return;
    turn.settled = true;
    this.turns.delete(turn);
    // A tool round's response whose follow-up answered the turn: its wait is over too.
    for (const [rid, t] of this.waiting) if (t === turn) this.waiting.delete(rid);
    turn.resolve({ responseId, text: turn.texts.join('\n'), status, error });
  }
}
