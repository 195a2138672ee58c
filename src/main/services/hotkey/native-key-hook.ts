import { createRequire } from 'node:module';
import type { KeyEventLike } from './accelerator';

export type KeyListener = (type: 'down' | 'up', e: KeyEventLike) => void;

/** A global keyboard hook that reports presses AND releases (globalShortcut has no release). */
export interface NativeKeyHook {
  /** Throws when the hook cannot start. */
  start(listener: KeyListener): void;
  stop(): void;
}

interface UiohookModule {
  uIOhook: {
    on(event: 'keydown' | 'keyup', l: (e: KeyEventLike) => void): unknown;
    removeAllListeners(event?: string): unknown;
    start(): void;
    stop(): void;
  };
}

/**
 * uiohook-napi behind NativeKeyHook, loaded only when first needed through a guarded require: the
 * native module must never be loaded where it cannot work (no X display, Wayland, macOS without
 * Accessibility, where it can crash the process), and a missing prebuild must degrade to the
 * globalShortcut fallback instead of failing app start.
 */
export function createUiohookHook(load: () => UiohookModule = loadUiohook): NativeKeyHook {
  let mod: UiohookModule | undefined;
  let running = false;
  return {
    start(listener) {
      mod ??= load();
      const hook = mod.uIOhook;
      hook.removeAllListeners('keydown');
      hook.removeAllListeners('keyup');
      hook.on('keydown', (e) => listener('down', e));
      hook.on('keyup', (e) => listener('up', e));
      if (!running) {
        hook.start();
        running = true;
      }
    },
    stop() {
      if (!mod || !running) return;
      mod.uIOhook.removeAllListeners('keydown');
      mod.uIOhook.removeAllListeners('keyup');
      try {
        mod.uIOhook.stop();
      } finally {
        running = false;
      }
    },
  };
}

function loadUiohook(): UiohookModule {
  // `require` exists in the CommonJS main bundle; under ESM test runners build one.
  const req = typeof require === 'function' ? require : createRequire(__filename);
  try {
    return req('uiohook-napi') as UiohookModule;
  } catch (err) {
    throw new Error(`the native key hook (uiohook-napi) could not load: ${err instanceof Error ? err.message : String(err)}`);
  }
}
