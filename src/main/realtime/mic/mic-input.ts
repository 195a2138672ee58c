import type { TurnMode } from '../../../shared/conversation';
import { BENIGN_ERROR_CODES } from '../../../shared/protocol/error-codes';
import { AudioOutbox, type AudioOutboxOptions } from './audio-outbox';
import type { SessionConnection } from '../turns/request-ledger';
import { asBytes, bytesToBase64, SampleAligner } from '../wire/pcm';
import { MIN_COMMIT_MS, PttTurn } from './ptt-turn';
import type { Logger } from '../../../shared/logger';

/**
 * Microphone audio on its way to the server: whole-sample appends, back-pressure (AudioOutbox), the
 * push-to-talk turn and its commit. The commit is sent only after every held chunk has gone out, so
 * the committed item always holds the whole utterance; a turn interrupted by a reconnect is replayed
 * from its own copy (PttTurn).
 */
/** Reason given to a commit that a new key press took over (the phase then belongs to the new turn). */
export const SUPERSEDED = 'superseded by a new turn';

export interface CommitResult {
  committed: boolean;
  reason?: string;
}

export interface MicInputHost {
  conn: SessionConnection;
  mode(): TurnMode;
  notice(message: string): void;
  log: Logger;
}

export class MicInput {
  private readonly outbox: AudioOutbox;
  private readonly aligner = new SampleAligner();
  private turn: PttTurn | null = null;
  private waiter: ((r: CommitResult) => void) | null = null;
  private drainTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: MicInputHost,
    outbox?: AudioOutboxOptions,
  ) {
    this.outbox = new AudioOutbox(outbox);
  }

  /** Push-to-talk key down (or a hands-free restart): drop stale input on both sides. */
  begin(): void {
    // A new press before the previous commit was acknowledged: that utterance still reaches the
    // server (it stays in the conversation and the next answer covers it), but nobody waits for it.
    this.settle({ committed: false, reason: SUPERSEDED });
    if (this.turn?.state === 'commit-pending' && !this.turn.commitEventId) {
      // Its commit has not even left (congestion or reconnect): clearing now would drop those words,
      // so the new press simply continues the same utterance.
      this.turn.state = 'recording';
      return;
    }
    this.turn = this.host.mode() === 'push-to-talk' ? new PttTurn() : null;
    this.aligner.reset();
    this.outbox.clear();
    this.host.conn.send({ type: 'input_audio_buffer.clear' });
  }

  append(pcm: ArrayBuffer | Uint8Array): void {
    if (this.host.mode() === 'push-to-talk' && this.turn?.state !== 'recording') {
      this.host.log.debug('ignoring microphone audio outside a push-to-talk turn');
      return;
    }
    // Copy: the caller may reuse its buffer once we return.
    const bytes = this.aligner.push(asBytes(pcm).slice());
    if (bytes.length === 0) return;
    this.turn?.add(bytes);
    if (this.outbox.size === 0 && this.canSend() && this.sendAppend(bytes)) return;
    this.outbox.hold(bytes);
    this.startDrain();
  }

  /** Key released. Resolves once the server acknowledged (or refused) the commit. */
  commit(): Promise<CommitResult> {
    const turn = this.turn;
    if (!turn || turn.state !== 'recording') return Promise.resolve({ committed: false, reason: 'no turn in progress' });
    if (turn.capturedMs < MIN_COMMIT_MS) {
      this.reset();
      return Promise.resolve({ committed: false, reason: 'nothing said' });
    }
    turn.state = 'commit-pending';
    this.settle({ committed: false, reason: SUPERSEDED });
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.trySendCommit();
    });
  }

  /** Abandon the turn (key cancelled, mode switched). */
  reset(reason = 'cancelled'): void {
    this.turn = null;
    this.outbox.clear();
    this.settle({ committed: false, reason });
    this.host.conn.send({ type: 'input_audio_buffer.clear' });
  }

  /** A push-to-talk utterance is being captured or committed. */
  get busy(): boolean {
    return this.turn !== null && this.turn.state !== 'committed';
  }

  get commitPending(): boolean {
    return this.turn?.state === 'commit-pending';
  }

  /** The old item id when the pending commit re-sends an utterance already committed on a dead socket. */
  get replayOf(): string | null {
    return this.turn?.state === 'commit-pending' ? this.turn.replayOf : null;
  }

  /** `input_audio_buffer.committed` for our pending commit. */
  committed(itemId: string | null): void {
    if (!this.turn) return;
    this.turn.state = 'committed';
    this.turn.itemId = itemId;
    this.settle({ committed: true });
  }

  /** An `error` naming our commit; true if it was ours. commit_empty means "nothing said" (§7.2). */
  commitFailed(eventId: string, code: string | null | undefined, message: string | null | undefined): boolean {
    if (!this.turn || this.turn.commitEventId !== eventId) return false;
    this.turn = null;
    this.settle({ committed: false, reason: code === BENIGN_ERROR_CODES.commitEmpty ? 'nothing said' : (message ?? 'commit failed') });
    return true;
  }

  /** The socket died: a commit written to it must be written again to the next one. */
  connectionLost(): void {
    if (this.turn?.state === 'commit-pending') this.turn.commitEventId = null;
  }

  /**
   * A socket became ready. A held or uncommitted push-to-talk utterance is re-appended in full from
   * its own copy (the outbox may hold only part of it) — and so is a committed one whose transcript
   * and answer died with the old socket (`lostItemId`). Returns true when it did so.
   */
  ready(lostItemId?: string | null): boolean {
    const turn = this.turn;
    let replayed = false;
    if (turn && turn.state === 'committed' && lostItemId && turn.itemId === lostItemId) {
      turn.replayOf = lostItemId;
      turn.state = 'commit-pending';
      turn.commitEventId = null;
    }
    if (turn && turn.state !== 'committed') {
      this.outbox.clear();
      for (const chunk of turn.replayChunks()) this.sendAppend(chunk);
      if (turn.droppedMs > 0) this.notifyDropped(turn.droppedMs);
      this.trySendCommit();
      replayed = true;
    }
    this.startDrain();
    return replayed;
  }

  fail(reason: string): void {
    this.settle({ committed: false, reason });
  }

  close(): void {
    this.stopDrain();
    this.outbox.clear();
    this.settle({ committed: false, reason: 'session closed' });
  }

  private settle(r: CommitResult): void {
    const w = this.waiter;
    this.waiter = null;
    w?.(r);
  }

  private trySendCommit(): void {
    const turn = this.turn;
    const conn = this.host.conn;
    if (!turn || turn.state !== 'commit-pending' || turn.commitEventId || this.outbox.size > 0 || !conn.isReady) return;
    turn.commitEventId = conn.request({ type: 'input_audio_buffer.commit' }, { kind: 'commit' });
  }

  private sendAppend(bytes: Uint8Array): boolean {
    return this.host.conn.sendNow({ type: 'input_audio_buffer.append', audio: bytesToBase64(bytes) });
  }

  private canSend(): boolean {
    return this.host.conn.isReady && this.host.conn.bufferedAmount < this.outbox.highWaterBytes;
  }

  private startDrain(): void {
    if (this.drainTimer || this.outbox.size === 0) return;
    this.drainTimer = setInterval(() => {
      this.outbox.drain(
        () => this.canSend(),
        (c) => this.sendAppend(c),
      );
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
    this.host.notice(`The connection could not keep up: ${Math.round(ms)} ms of microphone audio was dropped.`);
  }
}
