import type { KeyListener, NativeKeyHook } from './native-key-hook';

/**
 * One native key hook shared by several users (the talk key, the dictation key, dictation's Esc):
 * uiohook is a process-wide singleton whose start() replaces the listeners, so each user gets a
 * NativeKeyHook view here; the real hook starts with the first user and stops with the last.
 */
export class SharedKeyHook {
  private readonly listeners = new Set<KeyListener>();
  private base: NativeKeyHook | undefined;

  constructor(private readonly create: () => NativeKeyHook) {}

  open(): NativeKeyHook {
    let mine: KeyListener | undefined;
    return {
      start: (listener) => {
        if (mine) this.listeners.delete(mine);
        mine = listener;
        this.listeners.add(listener);
        if (!this.base) {
          const base = this.create();
          base.start((type, e) => {
            for (const l of [...this.listeners]) l(type, e);
          });
          this.base = base;
        }
      },
      stop: () => {
        if (mine) this.listeners.delete(mine);
        mine = undefined;
        if (this.listeners.size === 0 && this.base) {
          const base = this.base;
          this.base = undefined;
          base.stop();
        }
      },
    };
  }
}
