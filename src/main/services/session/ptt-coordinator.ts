import { msToBytes } from '../../../shared/audio-format';
import type { AudioToRenderer } from '../../../shared/ipc/audio-messages';
import type { TurnMode } from '../../../shared/conversation';
import type { Logger } from '../../../shared/logger';
import type { RealtimeSession } from '../../realtime/session-api';

export type PttSource = 'hotkey' | 'window' | 'tray';

export interface PttCoordinatorDeps {
  post(message: AudioToRenderer): boolean;
  /** The session to talk to, connecting first if needed; undefined when none can be had. */
  ensureSession(): Promise<RealtimeSession | undefined>;
  /** The current session without connecting (for mic frames). */
  currentSession(): RealtimeSession | undefined;
  /** How long to wait for the renderer's `mic-end` after capture off before committing anyway. */
  micEndTimeoutMs(): number;
  onActiveChange(active: boolean, source: PttSource | 'none'): void;
  logger: Logger;
  /** First turn id; a second coordinator (the quick-ask launcher) counts from elsewhere so mic frames route by id. */
  firstTurnId?: number;
}

/** Cap on audio held back while the session prepares a turn (~20 s of PCM16 at 24 kHz). */
const MAX_BUFFERED_BYTES = msToBytes(20_000);

interface Turn {
  id: number;
  source: PttSource;
  /** Frames received before beginUserTurn() finished; it clears the input buffer, so they wait. */
  held: ArrayBuffer[];
  heldBytes: number;
  session: RealtimeSession | undefined;
  began: boolean;
  aborted: boolean;
  micEnded: boolean;
  /** Settles when beginUserTurn() is done (or failed); release waits for it before committing. */
  starting: Promise<void>;
  onMicEnd?: () => void;
}

/**
 * Push-to-talk glue between the hotkey/window/tray, the renderer's capture and the session:
 * press → capture on (at once, so no first words are lost) + session.beginUserTurn();
 * release → capture off → wait for `mic-end` (the tail) or a timeout → session.commitUserTurn().
 * In hands-free mode mic frames go straight to the session and press/release are ignored.
 */
export class PttCoordinator {
  private nextTurnId = 1;
  private turn: Turn | undefined;
  /** A released turn whose tail may still be arriving. */
  private closing: Turn | undefined;
  private mode: TurnMode = 'push-to-talk';

  constructor(private readonly deps: PttCoordinatorDeps) {
    this.nextTurnId = deps.firstTurnId ?? 1;
  }

  get active(): boolean {
    return this.turn !== undefined;
  }

  setMode(mode: TurnMode, armed: boolean): void {
    if (mode !== this.mode && this.turn) this.abort();
    this.mode = mode;
    this.deps.post({ kind: 'capture-mode', mode, armed });
  }

  async press(source: PttSource): Promise<void> {
    if (this.mode !== 'push-to-talk' || this.turn) return;
    const turn: Turn = {
      id: this.nextTurnId++, source, held: [], heldBytes: 0, session: undefined,
      began: false, aborted: false, micEnded: false, starting: Promise.resolve(),
    };
    this.turn = turn;
    this.deps.post({ kind: 'capture', turnId: turn.id, on: true });
    this.deps.onActiveChange(true, source);
    turn.starting = this.start(turn);
    await turn.starting;
  }

  private async start(turn: Turn): Promise<void> {
    try {
      turn.session = await this.deps.ensureSession();
      if (!turn.session) throw new Error('no session');
      await turn.session.beginUserTurn();
      if (turn.aborted) {
        turn.session.cancelUserTurn();
        return;
      }
      turn.began = true;
      for (const pcm of turn.held) turn.session.appendAudio(pcm);
      turn.held = [];
      turn.heldBytes = 0;
    } catch (err) {
      this.deps.logger.warn('ptt: could not start a turn', { error: String(err) });
      if (this.turn === turn) this.abort();
    }
  }

  async release(_source?: PttSource): Promise<{ committed: boolean; reason?: string }> {
    const turn = this.turn;
    if (!turn) return { committed: false, reason: 'not talking' };
    this.turn = undefined;
    this.closing = turn;
    this.deps.post({ kind: 'capture', turnId: turn.id, on: false });
    this.deps.onActiveChange(false, 'none');
    await Promise.all([this.waitForMicEnd(turn), turn.starting]);
    if (this.closing === turn) this.closing = undefined;
    if (!turn.session || !turn.began) return { committed: false, reason: 'the session was not ready' };
    try {
      return await turn.session.commitUserTurn();
    } catch (err) {
      this.deps.logger.warn('ptt: commit failed', { error: String(err) });
      return { committed: false, reason: String(err) };
    }
  }

  /** Drop the current turn without committing (disconnect, mode switch, lock screen). */
  abort(): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = undefined;
    turn.aborted = true;
    this.deps.post({ kind: 'capture', turnId: turn.id, on: false });
    this.deps.onActiveChange(false, 'none');
    if (turn.began) {
      try {
        turn.session?.cancelUserTurn();
      } catch (err) {
        this.deps.logger.warn('ptt: cancel failed', { error: String(err) });
      }
    }
  }

  onMic(turnId: number, pcm: ArrayBuffer): void {
    if (this.mode === 'hands-free') {
      const session = this.deps.currentSession();
      if (session && session.status === 'ready') session.appendAudio(pcm);
      return;
    }
    const turn = this.turn?.id === turnId ? this.turn : this.closing?.id === turnId ? this.closing : undefined;
    if (!turn || turn.micEnded) return; // a stale turn's frames must not leak into the next one
    if (turn.began && turn.session) {
      turn.session.appendAudio(pcm);
      return;
    }
    if (turn.heldBytes + pcm.byteLength > MAX_BUFFERED_BYTES) return;
    turn.held.push(pcm);
    turn.heldBytes += pcm.byteLength;
  }

  onMicEnd(turnId: number): void {
    const turn = this.closing?.id === turnId ? this.closing : this.turn?.id === turnId ? this.turn : undefined;
    if (!turn) return;
    turn.micEnded = true;
    turn.onMicEnd?.();
  }

  private waitForMicEnd(turn: Turn): Promise<void> {
    if (turn.micEnded) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.deps.logger.warn('ptt: no mic-end from the renderer, committing what arrived', { turnId: turn.id });
        turn.micEnded = true;
        resolve();
      }, this.deps.micEndTimeoutMs());
      turn.onMicEnd = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
