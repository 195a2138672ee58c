import type { Disposable } from '../../shared/disposable';
import type { Logger } from '../../shared/logger';
import type { ShortcutPort } from '../services/hotkey/hotkey-service';
import type { NativeKeyHook } from '../services/hotkey/native-key-hook';
import { nativeHookSupport, type HookEnvironment } from '../services/hotkey/platform-support';

/** uiohook's VC_ESCAPE. */
export const ESCAPE_KEYCODE = 1;

export interface DictationKeysDeps extends HookEnvironment {
  shortcuts: ShortcutPort;
  /** A view of the shared native hook (SharedKeyHook.open()); absent = shortcuts only. */
  hook?: () => NativeKeyHook;
  /** Recording, in its tail or transcribing: the window in which Esc cancels. */
  busy(): boolean;
  cancel(): void;
  pasteLast(): void;
  logger: Logger;
}

/**
 * Dictation's two extra keys. Esc cancels even while the dictation key is held: seen by the native
 * hook where it runs (it never swallows Esc from other apps), otherwise grabbed as a global shortcut
 * only while a dictation is busy and released right after. The paste-last key is a plain global
 * shortcut; its registration is reported for Settings.
 */
export class DictationKeys implements Disposable {
  private hook: NativeKeyHook | undefined;
  private escGrabbed = false;
  private pasteLast: { accelerator: string; registered: boolean } = { accelerator: '', registered: false };

  constructor(private readonly deps: DictationKeysDeps) {
    if (deps.hook && nativeHookSupport(deps).ok) {
      try {
        const hook = deps.hook();
        hook.start((type, e) => {
          if (type === 'down' && e.keycode === ESCAPE_KEYCODE && deps.busy()) deps.cancel();
        });
        this.hook = hook;
      } catch (err) {
        deps.logger.warn('dictation: Esc via the native hook is unavailable; using a shortcut while dictating', { error: String(err) });
      }
    }
  }

  /** Call on every dictation state change: grabs Esc while busy when there is no native hook. */
  busyChanged(): void {
    if (this.hook) return;
    const busy = this.deps.busy();
    if (busy && !this.escGrabbed) {
      this.escGrabbed = this.deps.shortcuts.register('Escape', () => this.deps.cancel());
    } else if (!busy && this.escGrabbed) {
      this.deps.shortcuts.unregister('Escape');
      this.escGrabbed = false;
    }
  }

  configurePasteLast(accelerator: string): void {
    if (this.pasteLast.registered && this.pasteLast.accelerator === accelerator) return;
    if (this.pasteLast.registered) this.deps.shortcuts.unregister(this.pasteLast.accelerator);
    let registered = false;
    if (accelerator.trim()) {
      try {
        registered = this.deps.shortcuts.register(accelerator, () => this.deps.pasteLast());
      } catch (err) {
        this.deps.logger.warn('dictation: paste-last hotkey rejected', { accelerator, error: String(err) });
      }
    }
    this.pasteLast = { accelerator, registered };
  }

  get pasteLastRegistered(): boolean {
    return this.pasteLast.registered;
  }

  get escapeVia(): 'native hook' | 'shortcut while dictating' {
    return this.hook ? 'native hook' : 'shortcut while dictating';
  }

  dispose(): void {
    this.hook?.stop();
    this.hook = undefined;
    if (this.escGrabbed) this.deps.shortcuts.unregister('Escape');
    if (this.pasteLast.registered) this.deps.shortcuts.unregister(this.pasteLast.accelerator);
    this.escGrabbed = false;
  }
}
