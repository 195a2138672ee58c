import type { Disposable } from '../../shared/disposable';
import type { DictateAction } from './dictate-action';

/**
 * Where `--dictate toggle|start|stop|cancel|paste-last` (the command line, a desktop shortcut, a .desktop
 * action) reaches the dictation service. AppController owns one (`controller.dictation`); the
 * dictation service registers its handler with `on`, the command router calls `request`.
 */
export class DictationHook {
  private handler: ((action: DictateAction) => void) | undefined;

  on(handler: (action: DictateAction) => void): Disposable {
    this.handler = handler;
    return { dispose: () => void (this.handler === handler && (this.handler = undefined)) };
  }

  /** False when no dictation service is registered (the caller tells the user). */
  request(action: DictateAction): boolean {
    if (!this.handler) return false;
    this.handler(action);
    return true;
  }
}
