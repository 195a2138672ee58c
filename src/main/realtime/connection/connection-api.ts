import type { NoticeLevel, ConnectionStatusInfo } from '../../../shared/conversation';
import type { SessionConfig } from '../../../shared/protocol/client-events';
import type { ServerEvent } from '../../../shared/protocol/server-events';
import type { Logger } from '../../../shared/logger';
import type { TransportEvents, TransportFactory } from '../wire/transport';

/** What RealtimeConnection is given and what it tells its listeners (implementation: connection.ts). */

export interface ConnectionOptions<M> {
  endpoint: string;
  apiKey: string;
  transportFactory: TransportFactory;
  /** The full configuration, re-sent on every connection (each starts on server defaults). */
  fullConfig: () => SessionConfig;
  logger: Logger;
  reconnect: boolean;
  /** §2.1: send session.update this long after open if session.created has not come. */
  createdTimeoutMs?: number;
  /** §2.1: reconnect if no session.updated arrives within this long. */
  readyTimeoutMs?: number;
  random?: () => number;
  /** Bookkeeping of tracked requests (see `request`). */
  ledger?: RequestLedger<M>;
}

/**
 * Bookkeeping of requests whose replies must be matched later (turns/request-ledger.ts keeps it for
 * the session). `M` says what a request is for; the connection only carries it along.
 */
export interface RequestLedger<M> {
  /** The request got its event id; it is written or queued right after. */
  requested(eventId: string, meta: M): void;
  /** The request was written to the socket: at once, or later from the pre-ready queue. */
  written(eventId: string, meta: M): void;
}

export interface ConnectionEvents {
  status: ConnectionStatusInfo;
  /** First `session.updated` of a socket. Listeners may `sendNow` (history replay) before the queue flushes. */
  ready: { reconnected: boolean };
  /** Any server event other than those consumed here. */
  event: ServerEvent;
  /** A socket was lost after being ready; a reconnect follows if enabled. */
  lost: { code: number; reason: string; planned?: boolean };
  /** The server's `expires_at` is less than a minute away: recycle the socket at a quiet moment (§6.8). */
  expiring: void;
  /** A rejected mid-session update or other config trouble worth telling the user. */
  notice: { level: NoticeLevel; message: string };
  invalid: TransportEvents['invalid'];
}
