import type { Disposable } from '../../../shared/disposable';
import type { Logger } from '../../../shared/logger';
import { matchesChord, parseAccelerator, type KeyEventLike } from './accelerator';
import type { ShortcutPort } from './hotkey-service';
import type { NativeKeyHook } from './native-key-hook';
import { nativeHookSupport, type HookEnvironment } from './platform-support';

export interface QuickAskKeyHandlers {
  press(): void;
  /** With a release handler the key is held to speak, where the native hook runs (key-up needed). */
  release?(heldMs: number): void;
}

export interface QuickAskHotkeyDeps extends HookEnvironment {
  nativeHook?: () => NativeKeyHook;
  shortcuts: ShortcutPort;
  logger: Logger;
  now?: () => number;
}

/**
 * The quick-ask key. Where the native hook runs and a release handler is given, it reports the
 * press and how long the key was held (hold to speak the question); elsewhere (Wayland, macOS
 * without Accessibility, no hook) it is a plain globalShortcut that opens the launcher, and the
 * launcher's mic button is the way to speak. An empty accelerator means the user wants none.
 */
export class QuickAskHotkey implements Disposable {
  private binding: { accelerator: string; via: 'hook' | 'shortcut'; hook?: NativeKeyHook } | undefined;
  private downAt: number | undefined;
  problem: string | undefined;

  constructor(private readonly deps: QuickAskHotkeyDeps) {}

  get holdSupported(): boolean {
    return this.binding?.via === 'hook';
  }

  configure(accelerator: string, handlers: QuickAskKeyHandlers): void {
    const wantsHook = Boolean(handlers.release) && Boolean(this.deps.nativeHook) && nativeHookSupport(this.deps).ok;
    // Settings changes of any kind land here; keep a working binding rather than re-grab it.
    if (this.binding && this.binding.accelerator === accelerator && (this.binding.via === 'hook') === wantsHook) return;
    this.teardown();
    this.problem = undefined;
    if (!accelerator.trim()) return;
    if (wantsHook && this.startHook(accelerator, handlers)) return;
    let registered = false;
    let why = 'another app (or the system) already uses it';
    try {
      registered = this.deps.shortcuts.register(accelerator, () => handlers.press());
    } catch (err) {
      // Electron throws on an accelerator it cannot parse.
      why = err instanceof Error ? err.message : String(err);
    }
    if (registered) this.binding = { accelerator, via: 'shortcut' };
    else {
      this.deps.logger.warn('quick ask hotkey could not be registered', { accelerator, why });
      this.problem = `The quick ask hotkey ${accelerator} could not be registered: ${why}. Choose another hotkey.`;
    }
  }

  dispose(): void {
    this.teardown();
  }

  private startHook(accelerator: string, handlers: QuickAskKeyHandlers): boolean {
    const parsed = parseAccelerator(accelerator, this.deps.platform);
    if (!parsed.ok) {
      this.problem = `The quick ask hotkey ${accelerator} could not be registered: ${parsed.error}`;
      return true; // a bad accelerator is said once, not retried as a shortcut
    }
    const chord = parsed.chord;
    const now = this.deps.now ?? Date.now;
    try {
      const hook = this.deps.nativeHook!();
      hook.start((type: 'down' | 'up', e: KeyEventLike) => {
        if (type === 'down') {
          // Repeats of a held key are more downs: only the first is a press.
          if (this.downAt === undefined && matchesChord(chord, e)) {
            this.downAt = now();
            handlers.press();
          }
        } else if (e.keycode === chord.keycode && this.downAt !== undefined) {
          const held = now() - this.downAt;
          this.downAt = undefined;
          handlers.release!(held);
        }
      });
      this.binding = { accelerator, via: 'hook', hook };
      return true;
    } catch (err) {
      this.deps.logger.warn('quick ask: native hook failed, using a shortcut (no hold to speak)', { error: String(err) });
      return false;
    }
  }

  private teardown(): void {
    const b = this.binding;
    this.binding = undefined;
    this.downAt = undefined;
    if (!b) return;
    try {
      if (b.via === 'hook') b.hook?.stop();
      else this.deps.shortcuts.unregister(b.accelerator);
    } catch {}
  }
}
