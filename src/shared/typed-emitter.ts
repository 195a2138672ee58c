import { toDisposable, type Disposable } from './disposable';

/**
 * A tiny typed event emitter usable in every process (no Node `events`, no DOM). A listener that
 * throws is reported to `onListenerError` and never breaks the emitter or the other listeners.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  /**
   * Copy-on-write lists: `on` and `dispose` replace an event's array, so `emit` walks the array it
   * started with (a listener added or removed mid-emit takes effect from the next emit) without
   * copying it on every call; audio deltas are emitted 25 times a second through several emitters.
   */
  private listeners = new Map<keyof Events, ReadonlyArray<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown, event: keyof Events) => void = () => {}) {}

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Disposable {
    const fn = listener as (payload: never) => void;
    const list = this.listeners.get(event) ?? [];
    // As with a Set, one function is registered once; its disposable removes it.
    if (!list.includes(fn)) this.listeners.set(event, [...list, fn]);
    return toDisposable(() => {
      const now = this.listeners.get(event);
      if (!now?.includes(fn)) return;
      const rest = now.filter((l) => l !== fn);
      if (rest.length) this.listeners.set(event, rest);
      else this.listeners.delete(event);
    });
  }

  once<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Disposable {
    const d = this.on(event, (p) => {
      d.dispose();
      listener(p);
    });
    return d;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.listeners.get(event);
    if (!list) return;
    for (const l of list) {
      try {
        (l as (p: Events[K]) => void)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
