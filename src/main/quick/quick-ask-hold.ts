import type { Logger } from '../../shared/logger';

/**
 * The quick-ask hotkey held, not tapped: hold it to speak the question, as push-to-talk does. The
 * key going down opens the launcher and starts capture at once (with the warm mic's pre-roll, so no
 * first word is lost while the window appears); its release decides what the press was. Held at
 * least `holdMs`: a spoken question, committed. Shorter: a tap, the launcher stays open for typing
 * and the few ms of audio are dropped, never sent.
 */
export interface QuickAskHoldDeps {
  open(): Promise<void>;
  voice(action: 'start' | 'stop'): Promise<void>;
  abortVoice(): void;
  logger: Pick<Logger, 'warn'>;
  holdMs?: number;
}

export const QUICK_HOLD_MS = 300;

export class QuickAskHold {
  /** The press being handled: its start, which a release must wait for. */
  private starting: Promise<boolean> | undefined;

  constructor(private readonly deps: QuickAskHoldDeps) {}

  down(): void {
    if (this.starting) return; // auto-repeat of a held key
    this.starting = this.deps
      .open()
      .then(() => this.deps.voice('start'))
      .then(
        () => true,
        (err: unknown) => {
          this.deps.logger.warn('quick ask: voice question not started', { error: String(err) });
          return false;
        },
      );
  }

  /** `heldMs`: how long the key was down. */
  up(heldMs: number): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    if (!starting) return Promise.resolve();
    return starting.then(async (started) => {
      if (!started) return;
      if (heldMs >= (this.deps.holdMs ?? QUICK_HOLD_MS)) {
        await this.deps.voice('stop').catch((err: unknown) => this.deps.logger.warn('quick ask: voice question not sent', { error: String(err) }));
      } else {
        this.deps.abortVoice();
      }
    });
  }
}
