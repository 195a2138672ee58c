import type { ConnectionStatus, UserFacingError } from '../../shared/conversation';
import { ConnectError } from '../realtime/connection/connect-errors';
import { TypedEmitter } from '../../shared/typed-emitter';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import type { ServerEvent } from '../../shared/protocol/server-events';
import { RealtimeConnection } from '../realtime/connection/connection';
import { applyTranscriptDelta } from '../realtime/conversation/transcript-caption';
import { MicInput } from '../realtime/mic/mic-input';
import { silentLogger, type Logger } from '../../shared/logger';
import { createWsTransport } from '../realtime/wire/ws-transport';
import type { TransportFactory } from '../realtime/wire/transport';
import { dictationSessionConfig, FALLBACK_RESPONSE, type DictationConfigOptions } from './dictation-config';
import { transcriptOfItem } from './transcript-of-item';

/**
 * Transcription-only turns (§2.8) on a connection of their own, never the assistant's: clear,
 * appends, commit (skipped under 100 ms), then the `…transcription.completed` whose `item_id` is our
 * committed item, then `conversation.item.delete`. No `response.create` — except the documented
 * fallback when no transcript comes within `fallbackAfterMs` of the commit; that reply is never read.
 * The utterance's audio is kept (MicInput/PttTurn) until its transcript arrives, so a socket lost
 * after the commit is replayed once on the next socket: one turn, one result, whatever happens.
 */
export interface TranscriberOptions extends DictationConfigOptions {
  endpoint: string;
  apiKey: string;
  transportFactory?: TransportFactory;
  logger?: Logger;
  /** Ask for the fallback response this long after the commit was acknowledged without a transcript. */
  fallbackAfterMs?: number;
  /** Give up on a transcript this long after the commit left. */
  transcriptTimeoutMs?: number;
  /** Fail a turn at once when the first connection cannot be made (CLI); the app keeps retrying. */
  failFast?: boolean;
  createdTimeoutMs?: number;
  readyTimeoutMs?: number;
  random?: () => number;
}

export type TranscriptResult =
  | {
      ok: true;
      text: string;
      itemId: string;
      /** The fallback response was needed (the service transcribes only with a response). */
      usedFallback: boolean;
      /** The utterance was re-sent on a new socket after the old one died. */
      replayed: boolean;
      /** Commit sent → transcript received: the service's own share of the latency. */
      serverMs: number;
    }
  | { ok: false; reason: string };

export interface TranscriberEvents {
  /** Live caption from transcription deltas: only for display, never inserted. */
  caption: { text: string };
  status: { status: ConnectionStatus; message?: string };
}

interface Turn {
  held: Uint8Array[];
  started: boolean;
  cancelled: boolean;
  failed?: string;
  starting: Promise<void>;
  itemId: string | null;
  caption: string;
  replays: number;
  commitSentAt: number;
  fallbackSent: boolean;
  settled: boolean;
  resolve: (r: TranscriptResult) => void;
  result: Promise<TranscriptResult>;
  timers: Array<ReturnType<typeof setTimeout>>;
}

/** A connection that could not be made, with the reason the user sees. */
export class ConnectFailure extends Error {
  constructor(readonly userError: UserFacingError) {
    super(userError.message);
  }
}

export class Transcriber implements Disposable {
  private readonly conn: RealtimeConnection;
  private readonly mic: MicInput;
  private readonly log: Logger;
  private readonly emitter: TypedEmitter<TranscriberEvents>;
  private readonly subs = new DisposableStore();
  private turn: Turn | null = null;
  /** Learned on this connection: transcripts come only with a response (§2.8 fallback), so ask at once. */
  private needsResponse = false;
  /** Assistant items of fallback responses, deleted once done so the context stays empty. */
  private responseItems: string[] = [];
  /** A (fallback) response is running: another response.create would be refused until it is done. */
  private responseActive = false;
  private fallbackWaiting: Turn | null = null;
  private everReady = false;
  private cfg: DictationConfigOptions;

  constructor(private readonly opts: TranscriberOptions) {
    this.log = opts.logger ?? silentLogger;
    this.cfg = { model: opts.model, transcriptionModel: opts.transcriptionModel, language: opts.language, vocabulary: opts.vocabulary };
    this.emitter = new TypedEmitter((err, ev) => this.log.error(`transcriber listener for ${String(ev)} threw`, err));
    this.conn = new RealtimeConnection({
      endpoint: opts.endpoint,
      apiKey: opts.apiKey,
      transportFactory: opts.transportFactory ?? createWsTransport(),
      fullConfig: () => dictationSessionConfig(this.cfg),
      logger: this.log,
      reconnect: true,
      ...(opts.createdTimeoutMs !== undefined ? { createdTimeoutMs: opts.createdTimeoutMs } : {}),
      ...(opts.readyTimeoutMs !== undefined ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.mic = new MicInput({
      conn: this.conn,
      mode: () => 'push-to-talk',
      notice: (message) => this.log.warn(message),
      log: this.log,
    });
    this.subs.add(this.conn.on('event', (ev) => this.onEvent(ev)));
    this.subs.add(this.conn.on('lost', () => this.onLost()));
    this.subs.add(this.conn.on('ready', (r) => this.onReady(r.reconnected)));
    this.subs.add(this.conn.on('expiring', () => this.recycleIfIdle()));
    this.subs.add(
      this.conn.on('status', (s) => {
        if (s.status === 'ready') this.everReady = true;
        this.emitter.emit('status', { status: s.status, ...(s.error ? { message: s.error.message } : {}) });
        if (s.error && this.opts.failFast && !this.everReady) this.failTurn(s.error.message);
      }),
    );
  }

  on<K extends keyof TranscriberEvents>(event: K, listener: (e: TranscriberEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  get status(): ConnectionStatus {
    return this.conn.status;
  }

  get busy(): boolean {
    return this.turn !== null;
  }

  /** Opens the connection ahead of the first dictation (keeps key-up → text short). */
  warm(): Promise<void> {
    const connected = this.conn.connect();
    if (!this.opts.failFast || this.everReady) return connected;
    // Fail fast (CLI): the first failed attempt ends the wait, with the user-facing reason.
    return new Promise<void>((resolve, reject) => {
      const sub = this.conn.on('status', (s) => {
        if (!s.error || this.everReady) return;
        sub.dispose();
        reject(new ConnectFailure(s.error));
      });
      connected.then(
        () => {
          sub.dispose();
          resolve();
        },
        (err: unknown) => {
          sub.dispose();
          reject(err instanceof ConnectError ? new ConnectFailure(err.userError) : err);
        },
      );
    });
  }

  /** Vocabulary or language changed: applies from the next turn (a partial update now). */
  configure(patch: Partial<DictationConfigOptions>): void {
    this.cfg = { ...this.cfg, ...patch };
    const full = dictationSessionConfig(this.cfg);
    this.conn.updateSession({ audio: { input: { transcription: full.audio?.input?.transcription ?? null } } });
  }

  /** Key down: a new utterance. Audio given before the connection is ready is held, not lost. */
  begin(): void {
    if (this.turn) this.settle(this.turn, { ok: false, reason: 'superseded by a new dictation' });
    let resolve: (r: TranscriptResult) => void = () => {};
    const result = new Promise<TranscriptResult>((r) => (resolve = r));
    const turn: Turn = {
      held: [], started: false, cancelled: false, starting: Promise.resolve(), itemId: null, caption: '',
      replays: 0, commitSentAt: 0, fallbackSent: false, settled: false, resolve, result, timers: [],
    };
    this.turn = turn;
    turn.starting = this.start(turn);
  }

  append(pcm: Uint8Array | ArrayBuffer): void {
    const turn = this.turn;
    if (!turn || turn.cancelled) return;
    const bytes = pcm instanceof Uint8Array ? pcm.slice() : new Uint8Array(pcm.slice(0));
    if (turn.started) this.mic.append(bytes);
    else turn.held.push(bytes);
  }

  /** Key up (after the release tail): commit and wait for this utterance's transcript. */
  async finish(): Promise<TranscriptResult> {
    const turn = this.turn;
    if (!turn) return { ok: false, reason: 'no dictation in progress' };
    await turn.starting;
    if (turn.failed) return this.settle(turn, { ok: false, reason: turn.failed });
    if (turn.settled) return turn.result;
    const timeoutMs = this.opts.transcriptTimeoutMs ?? 10_000;
    turn.timers.push(setTimeout(() => this.settle(turn, { ok: false, reason: 'no transcript' }), timeoutMs));
    // The service's share of the latency counts from here: the commit leaves at once unless
    // audio is still queued behind back-pressure (then that wait counts as the service's).
    turn.commitSentAt = Date.now();
    const commit = await this.mic.commit();
    if (!commit.committed) return this.settle(turn, { ok: false, reason: commit.reason ?? 'not committed' });
    return turn.result;
  }

  /** Esc: drop the utterance; nothing is committed, nothing will be inserted. */
  cancel(): void {
    const turn = this.turn;
    if (!turn) return;
    turn.cancelled = true;
    if (turn.started) this.mic.reset('cancelled');
    this.settle(turn, { ok: false, reason: 'cancelled' });
  }

  async close(): Promise<void> {
    if (this.turn) this.settle(this.turn, { ok: false, reason: 'closed' });
    this.mic.close();
    this.subs.dispose();
    await this.conn.close();
  }

  dispose(): void {
    void this.close();
  }

  // ---- internals ----------------------------------------------------------------------------

  private async start(turn: Turn): Promise<void> {
    try {
      await this.conn.connect();
    } catch (err) {
      turn.failed = err instanceof Error ? err.message : String(err);
      return;
    }
    if (this.turn !== turn || turn.cancelled || turn.failed) return;
    this.mic.begin();
    turn.started = true;
    for (const chunk of turn.held) this.mic.append(chunk);
    turn.held = [];
  }

  private failTurn(reason: string): void {
    const turn = this.turn;
    if (!turn || turn.started) return;
    turn.failed = reason;
    this.settle(turn, { ok: false, reason });
  }

  private settle(turn: Turn, r: TranscriptResult): TranscriptResult {
    if (!turn.settled) {
      turn.settled = true;
      for (const t of turn.timers) clearTimeout(t);
      turn.resolve(r);
      if (this.turn === turn) this.turn = null;
    }
    return r;
  }

  private onEvent(ev: ServerEvent): void {
    const turn = this.turn;
    switch (ev.type) {
      case 'input_audio_buffer.committed':
        if (!turn || !this.mic.commitPending || !ev.item_id) return;
        this.mic.committed(ev.item_id);
        turn.itemId = ev.item_id;
        if (this.needsResponse) this.askFallback(turn);
        else turn.timers.push(setTimeout(() => this.askFallback(turn), this.opts.fallbackAfterMs ?? 2000));
        return;
      case 'conversation.item.input_audio_transcription.delta':
        if (!turn || !ev.item_id || ev.item_id !== turn.itemId) return;
        turn.caption = applyTranscriptDelta(turn.caption, ev.delta);
        this.emitter.emit('caption', { text: turn.caption });
        return;
      case 'conversation.item.input_audio_transcription.completed':
        if (turn && ev.item_id && ev.item_id === turn.itemId) this.transcribed(turn, ev.item_id, ev.transcript ?? '');
        return;
      case 'conversation.item.done': {
        // §2.8 step 3: a transcript carried by the finished user item counts as well.
        const text = transcriptOfItem(ev.item);
        if (turn && ev.item.id && ev.item.id === turn.itemId && text) this.transcribed(turn, ev.item.id, text);
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        if (turn && ev.item_id === turn.itemId) this.settle(turn, { ok: false, reason: `transcription failed: ${ev.error?.message ?? 'no reason given'}` });
        return;
      case 'response.created':
        this.responseActive = true;
        return;
      case 'response.output_item.added':
        if (ev.item.id) this.responseItems.push(ev.item.id);
        return;
      case 'response.done': {
        this.responseActive = false;
        // The fallback reply is never read; its items are removed so this context stays empty.
        for (const id of this.responseItems.splice(0)) this.conn.send({ type: 'conversation.item.delete', item_id: id });
        const waiting = this.fallbackWaiting;
        this.fallbackWaiting = null;
        if (waiting && !waiting.settled && this.turn === waiting) this.conn.send({ ...FALLBACK_RESPONSE });
        return;
      }
      case 'error': {
        const id = ev.error.event_id;
        if (id && this.mic.commitFailed(id, ev.error.code, ev.error.message)) return;
        this.log.warn('dictation: server error', { code: ev.error.code, message: ev.error.message });
        return;
      }
      default:
    }
  }

  private transcribed(turn: Turn, itemId: string, text: string): void {
    if (turn.settled) return;
    this.conn.send({ type: 'conversation.item.delete', item_id: itemId });
    const serverMs = turn.commitSentAt ? Date.now() - turn.commitSentAt : 0;
    const clean = text.trim();
    if (!clean) {
      this.settle(turn, { ok: false, reason: 'no speech recognised' });
      return;
    }
    this.settle(turn, { ok: true, text: clean, itemId, usedFallback: turn.fallbackSent, replayed: turn.replays > 0, serverMs });
  }

  private askFallback(turn: Turn): void {
    if (turn.settled || turn.fallbackSent || this.turn !== turn) return;
    turn.fallbackSent = true;
    if (!this.needsResponse) this.log.info('dictation: no transcript without a response; using the §2.8 fallback');
    this.needsResponse = true;
    if (this.responseActive) this.fallbackWaiting = turn;
    else this.conn.send({ ...FALLBACK_RESPONSE });
  }

  private onLost(): void {
    this.responseItems = [];
    this.responseActive = false;
    this.fallbackWaiting = null;
    this.mic.connectionLost();
  }

  private onReady(reconnected: boolean): void {
    const turn = this.turn;
    if (!reconnected || !turn || !turn.started || turn.settled) {
      this.mic.ready(null);
      return;
    }
    const lostItem = turn.itemId;
    if (lostItem) {
      // Committed on the dead socket without a transcript: replay once, never twice.
      if (turn.replays >= 1) {
        this.settle(turn, { ok: false, reason: 'the connection dropped twice before the transcript came' });
        return;
      }
      turn.replays++;
      turn.itemId = null;
      turn.fallbackSent = false;
    }
    this.mic.ready(lostItem);
  }

  private recycleIfIdle(): void {
    if (!this.turn) this.conn.recycle();
    else setTimeout(() => this.recycleIfIdle(), 1000).unref?.();
  }
}
