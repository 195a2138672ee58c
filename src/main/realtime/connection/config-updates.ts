import type { ClientEvent, SessionConfig } from '../../../shared/protocol/client-events';
import { mergeSessionConfig } from './session-config';

/**
 * The `session.update` side of a connection (§2.1, §2.2): the full configuration once per socket,
 * then at most one partial update in flight; changes made meanwhile are merged and sent when the
 * in-flight one is answered (`session.updated` or an error naming it).
 */
export class ConfigUpdates {
  private inFlight: string | null = null;
  private pending: SessionConfig | null = null;
  private initialSent = false;

  constructor(
    private readonly host: {
      /** Writes straight to the current socket (updates are never queued behind other events). */
      write(event: ClientEvent): void;
      nextEventId(): string;
      fullConfig(): SessionConfig;
    },
  ) {}

  /** A new socket starts on server defaults: nothing sent, nothing pending. */
  reset(): void {
    this.inFlight = null;
    this.pending = null;
    this.initialSent = false;
  }

  isInFlight(eventId: string): boolean {
    return eventId === this.inFlight;
  }

  /** The full configuration, once per socket (on `session.created`, or after a timeout without it). */
  sendInitial(): void {
    if (this.initialSent) return;
    this.initialSent = true;
    this.send(this.host.fullConfig());
  }

  /** Partial update; coalesced while another is in flight. Before ready only changes made after the initial update are kept. */
  update(partial: SessionConfig, ready: boolean): void {
    if (!ready || this.inFlight) {
      // Before ready the full config (read at send time) already includes the change.
      if (ready || this.initialSent) this.pending = this.pending ? mergeSessionConfig(this.pending, partial) : partial;
      return;
    }
    this.send(partial);
  }

  /** The in-flight update was answered (`session.updated`, or an error naming it). */
  answered(): void {
    this.inFlight = null;
  }

  /** Sends the changes merged while waiting, if any. */
  sendPending(): void {
    if (!this.pending) return;
    const next = this.pending;
    this.pending = null;
    this.send(next);
  }

  private send(session: SessionConfig): void {
    const id = this.host.nextEventId();
    this.inFlight = id;
    this.host.write({ type: 'session.update', event_id: id, session });
  }
}
