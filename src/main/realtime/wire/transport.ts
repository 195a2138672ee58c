import type { Disposable } from '../../../shared/disposable';
import type { ClientEvent } from '../../../shared/protocol/client-events';
import type { ParseResult } from '../../../shared/protocol/parse';
import type { ServerEvent } from '../../../shared/protocol/server-events';
import type { ConnectError } from '../connection/connect-errors';

/**
 * The only path between the session and the server: one instance per connection attempt. The
 * session never touches a socket, so its state machine can be driven by a scripted transport in
 * unit tests and by the `ws` implementation in the app.
 */
export interface TransportEvents {
  /** The upgrade succeeded; events may be sent. */
  open: void;
  /** A valid, typed server event (aliases already mapped to canonical names). */
  event: ServerEvent;
  /** A frame that was not a usable event (malformed, unknown type, no `type`, `errorType` notice). */
  invalid: Extract<ParseResult, { ok: false }> & { preview: string };
  /** The connection is gone. `byClient` is true when `close()` started it. */
  close: { code: number; reason: string; byClient: boolean; error?: ConnectError };
}

export type TransportState = 'connecting' | 'open' | 'closed';

export interface Transport {
  readonly state: TransportState;
  /** Bytes queued in the socket but not yet written; drives audio back-pressure. */
  readonly bufferedAmount: number;
  on<K extends keyof TransportEvents>(event: K, listener: (payload: TransportEvents[K]) => void): Disposable;
  /** Resolves at `open`; rejects with a classified ConnectError if the handshake fails. */
  connect(): Promise<void>;
  /** Serialises and sends one event; returns false (and drops nothing silently: the caller decides) when not open. */
  send(event: ClientEvent): boolean;
  /** Closes (1000 by default). Emits `close` with `byClient: true`. Idempotent. */
  close(code?: number, reason?: string): void;
}

export interface TransportParams {
  /** Full URL including `key` and `protocol`. */
  url: string;
  /** Value of the `Authorization` header, e.g. `Basic …`. */
  authorization: string;
}

export type TransportFactory = (params: TransportParams) => Transport;
