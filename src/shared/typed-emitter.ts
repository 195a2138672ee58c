import { toDisposable, type Disposable } from './disposable';

/**
 * A tiny typed event emitter usable in every process (no Node `events`, no DOM). A listener that
 * throws is reported to `onListenerError` and never breaks the emitter or the other listeners.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  private listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown, event: keyof Events) => void = () => {}) {}

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Disposable {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return toDisposable(() => set.delete(listener as (payload: never) => void));
  }

  once<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Disposable {
    const d = this.on(event, (p) => {
      d.dispose();
      listener(p);
    });
    return d;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as (p: Events[K]) => void)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
