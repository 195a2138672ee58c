export type HotkeyBehaviour = 'auto' | 'hold' | 'toggle';
export type StopReason = 'release' | 'toggle' | 'reset';

export interface HotkeyMachineOptions {
  behaviour: HotkeyBehaviour;
  /** In 'auto', a press shorter than this is a tap (toggle), longer is hold-to-talk. */
  holdThresholdMs?: number;
  now?: () => number;
  onStart(): void;
  onStop(reason: StopReason): void;
}

/**
 * Push-to-talk semantics of one global key, independent of where key events come from:
 *  - hold:   down starts, up stops;
 *  - toggle: each press flips talking on/off, releases are ignored;
 *  - auto:   down starts at once (no lost first words); a release within the threshold was a tap
 *            and keeps talking until the next press, a longer hold stops on release.
 * OS auto-repeat (down, down, down…) is ignored. reset() — on hook restart, sleep, lock, or a
 * change of binding — stops talking and forgets the key, so a missed key-up never leaves the
 * microphone stuck open.
 */
export class HotkeyMachine {
  private down = false;
  private downAt = 0;
  private talking = false;
  /** The press that stopped a toggled turn: its release must not start or stop anything. */
  private pressStopped = false;
  private readonly threshold: number;
  private readonly now: () => number;

  constructor(private readonly opts: HotkeyMachineOptions) {
    this.threshold = opts.holdThresholdMs ?? 250;
    this.now = opts.now ?? Date.now;
  }

  get isTalking(): boolean {
    return this.talking;
  }

  get behaviour(): HotkeyBehaviour {
    return this.opts.behaviour;
  }

  keyDown(): void {
    if (this.down) return; // auto-repeat
    this.down = true;
    this.downAt = this.now();
    this.pressStopped = false;
    if (this.opts.behaviour === 'hold') {
      this.start();
      return;
    }
    if (this.talking) {
      this.pressStopped = true;
      this.stop('toggle');
      return;
    }
    this.start();
  }

  keyUp(): void {
    if (!this.down) return; // a release whose press we never saw (e.g. pressed before start)
    this.down = false;
    if (this.pressStopped) return;
    switch (this.opts.behaviour) {
      case 'hold':
        this.stop('release');
        return;
      case 'toggle':
        return;
      case 'auto':
        if (this.now() - this.downAt >= this.threshold) this.stop('release');
        return; // a tap: stay on until the next press
    }
  }

  /** A shortcut that only reports presses (globalShortcut): always a toggle. */
  tap(): void {
    if (this.talking) this.stop('toggle');
    else this.start();
  }

  reset(): void {
    this.down = false;
    this.pressStopped = false;
    if (this.talking) this.stop('reset');
  }

  private start(): void {
    if (this.talking) return;
    this.talking = true;
    this.opts.onStart();
  }

  private stop(reason: StopReason): void {
    if (!this.talking) return;
    this.talking = false;
    this.opts.onStop(reason);
  }
}
