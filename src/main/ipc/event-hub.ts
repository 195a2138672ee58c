import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import { toDisposable, type Disposable } from '../../shared/disposable';
import type { Logger } from '../../shared/logger';
import type { EventSink } from '../services/ports';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Fan-out of contract events from the controller to whichever renderers are attached (Electron
 * windows, test-host sockets). With `validate` on (dev, tests) a payload outside the contract is
 * dropped and logged here, in main, rather than surfacing as a confusing renderer bug.
 */
export class EventHub implements EventSink {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly options: { validate: boolean; logger: Logger }) {}

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    let out: unknown = payload;
    if (this.options.validate) {
      const parsed = events[name].safeParse(payload);
      if (!parsed.success) {
        this.options.logger.error('bridge: event outside the contract dropped', { name, issues: parsed.error.issues.slice(0, 3) });
        return;
      }
      out = parsed.data;
    }
    for (const l of [...this.listeners]) {
      try {
        l(name, out);
      } catch (err) {
        this.options.logger.warn('bridge: event listener failed', { name, error: String(err) });
      }
    }
  }

  subscribe(listener: EventListener): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
}
