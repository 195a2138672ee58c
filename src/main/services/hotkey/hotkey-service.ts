import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Disposable } from '../../../shared/disposable';
import type { Logger } from '../../../shared/logger';
import type { HotkeyPort, HotkeyStatus } from '../ports';
import { matchesChord, parseAccelerator, type Chord } from './accelerator';
import { HotkeyMachine, type HotkeyBehaviour, type StopReason } from './hotkey-machine';
import type { NativeKeyHook } from './native-key-hook';
import { nativeHookSupport, type HookEnvironment } from './platform-support';
import { QuickAskHotkey } from './quick-ask-hotkey';

/** Electron's globalShortcut, reduced to what the fallback needs. */
export interface ShortcutPort {
  /** False when the OS or another app already owns the accelerator. */
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface HotkeyServiceDeps extends HookEnvironment {
  /** Created lazily, only where the platform can run it. */
  nativeHook?: () => NativeKeyHook;
  shortcuts: ShortcutPort;
  onPress(): void;
  onRelease(reason: StopReason): void;
  logger: Logger;
  holdThresholdMs?: number;
}

/**
 * The global talk key. Hold and auto behaviours need key releases, so they run on the native hook
 * when the platform allows it; otherwise (Wayland, no Accessibility trust, hook failed to load, or
 * behaviour 'toggle') the key is registered with globalShortcut as a toggle, and the status says
 * why in words. Reconfiguring always removes the old binding first, so an old key never stays live.
 * It also owns the quick-ask key (quick-ask-hotkey.ts), so a failure to register either key reaches
 * the user the same way: in the status problem the window shows (PttState.hotkey.problem).
 */
export class HotkeyService implements HotkeyPort, Disposable {
  private readonly emitter: TypedEmitter<{ status: HotkeyStatus }>;
  private machine: HotkeyMachine | undefined;
  private hook: NativeKeyHook | undefined;
  private shortcut: string | undefined;
  private chord: Chord | undefined;
  /** The chord's main key is physically down (hook mode), for matching its release. */
  private chordDown = false;
  private current: HotkeyStatus = { accelerator: '', behaviour: 'auto', registered: false, holdSupported: false };
  private readonly quickAsk: QuickAskHotkey;

  constructor(private readonly deps: HotkeyServiceDeps) {
    this.emitter = new TypedEmitter((err) => deps.logger.warn('hotkey: listener failed', { error: String(err) }));
    this.quickAsk = new QuickAskHotkey(deps);
  }

  status(): HotkeyStatus {
    const problem = [this.current.problem, this.quickAsk.problem].filter(Boolean).join(' ');
    const { problem: _talkProblem, ...rest } = this.current;
    return { ...rest, ...(problem ? { problem } : {}) };
  }

  /**
   * The quick-ask key (quick-ask-hotkey.ts): with `onRelease`, held to speak where the native hook
   * runs; otherwise a plain globalShortcut (Wayland included, through the portal).
   */
  configureQuickAsk(accelerator: string, onPress: () => void, onRelease?: (heldMs: number) => void): void {
    this.quickAsk.configure(accelerator, { press: onPress, ...(onRelease ? { release: onRelease } : {}) });
    this.publish(this.current);
  }

  onStatus(listener: (status: HotkeyStatus) => void): Disposable {
    return this.emitter.on('status', listener);
  }

  configure(accelerator: string, behaviour: HotkeyBehaviour): void {
    this.teardown();
    const base = { accelerator, behaviour };
    if (!accelerator.trim()) return this.publish({ ...base, registered: false, holdSupported: false, problem: 'No talk hotkey is set.' });
    const parsed = parseAccelerator(accelerator, this.deps.platform);
    if (!parsed.ok) return this.publish({ ...base, registered: false, holdSupported: false, problem: parsed.error });
    this.chord = parsed.chord;

    const support = nativeHookSupport(this.deps);
    let holdProblem: string | undefined = support.ok ? undefined : support.problem;
    if (behaviour !== 'toggle' && support.ok && this.deps.nativeHook) {
      try {
        this.machine = this.newMachine(behaviour);
        const hook = this.deps.nativeHook();
        hook.start((type, e) => this.onKey(type, e));
        this.hook = hook;
        return this.publish({ ...base, registered: true, holdSupported: true });
      } catch (err) {
        holdProblem = `Hold-to-talk is unavailable: ${err instanceof Error ? err.message : String(err)}. The hotkey toggles instead.`;
        this.deps.logger.warn('hotkey: native hook failed, falling back to a toggle shortcut', { error: String(err) });
      }
    }

    // Toggle on globalShortcut: each press flips talking.
    this.machine = this.newMachine('toggle');
    const machine = this.machine;
    let registered = false;
    try {
      registered = this.deps.shortcuts.register(accelerator, () => machine.tap());
    } catch (err) {
      this.deps.logger.warn('hotkey: globalShortcut.register threw', { error: String(err) });
    }
    if (registered) this.shortcut = accelerator;
    const problems = [
      registered ? undefined : `${accelerator} could not be registered: another app (or the system) already uses it. Choose another hotkey.`,
      behaviour !== 'toggle' ? holdProblem ?? 'Hold-to-talk needs the native key hook; the hotkey toggles instead.' : undefined,
    ].filter(Boolean);
    this.publish({ ...base, registered, holdSupported: false, ...(problems.length ? { problem: problems.join(' ') } : {}) });
  }

  /** Stop talking and forget key state (sleep, lock screen, session switch). */
  reset(): void {
    this.chordDown = false;
    this.machine?.reset();
  }

  dispose(): void {
    this.teardown();
    this.quickAsk.dispose();
    this.emitter.removeAll();
  }

  private newMachine(behaviour: HotkeyBehaviour): HotkeyMachine {
    return new HotkeyMachine({
      behaviour,
      ...(this.deps.holdThresholdMs !== undefined ? { holdThresholdMs: this.deps.holdThresholdMs } : {}),
      onStart: () => this.deps.onPress(),
      onStop: (reason) => this.deps.onRelease(reason),
    });
  }

  private onKey(type: 'down' | 'up', e: { keycode: number; ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }): void {
    const chord = this.chord;
    const machine = this.machine;
    if (!chord || !machine) return;
    if (type === 'down') {
      // Repeats of the held key arrive as more downs; the machine ignores them. Other keys pressed
      // meanwhile do not end a hold: only the main key's release does.
      if (matchesChord(chord, e)) {
        this.chordDown = true;
        machine.keyDown();
      }
      return;
    }
    // Release of the main key ends the press even if a modifier was let go first.
    if (e.keycode === chord.keycode && this.chordDown) {
      this.chordDown = false;
      machine.keyUp();
    }
  }

  private teardown(): void {
    this.machine?.reset();
    this.machine = undefined;
    this.chordDown = false;
    if (this.hook) {
      try {
        this.hook.stop();
      } catch (err) {
        this.deps.logger.warn('hotkey: hook stop failed', { error: String(err) });
      }
      this.hook = undefined;
    }
    if (this.shortcut) {
      try {
        this.deps.shortcuts.unregister(this.shortcut);
      } catch {}
      this.shortcut = undefined;
    }
  }

  private publish(status: HotkeyStatus): void {
    this.current = status;
    this.emitter.emit('status', this.status());
  }
}
