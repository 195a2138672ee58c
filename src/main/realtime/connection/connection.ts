import type { ConnectionStatus, ConnectionStatusInfo, NoticeLevel } from '../../../shared/conversation';
import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Disposable } from '../../../shared/disposable';
import type { ClientEvent, SessionConfig } from '../../../shared/protocol/client-events';
import type { ServerEvent } from '../../../shared/protocol/server-events';
import { SESSION_EXPIRED_CODE } from '../../../shared/protocol/error-codes';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../shared/backoff';
import { ConnectError, errorForConfigRejected, errorForNetwork, errorForTimeout } from './connect-errors';
import { authorizationHeader, buildSessionUrl, newSessionKey } from '../wire/endpoint-url';
import { ConfigUpdates } from './config-updates';
import type { Logger } from '../../../shared/logger';
import type { Transport, TransportEvents, TransportFactory } from '../wire/transport';

/**
 * One logical realtime connection across any number of sockets: handshake, the `session.update`
 * dance (§2.1), "one update in flight" (§2.2), the pre-ready queue, and reconnect with backoff and a
 * new key (§6.8). Turn logic lives in the session; this class only knows about sockets and config.
 */

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

interface Outgoing<M> {
  event: ClientEvent;
  /** Present for tracked requests: the ledger hears when they are written. */
  meta?: M;
}

export class RealtimeConnection<M = never> {
  private readonly emitter: TypedEmitter<ConnectionEvents>;
  private transport: Transport | null = null;
  private subs: Disposable[] = [];
  private _status: ConnectionStatus = 'offline';
  private ready = false;
  private everReady = false;
  private closedByUser = false;
  private attempt = 0;
  private counter = 0;
  private queue: Array<Outgoing<M>> = [];
  private readonly updates: ConfigUpdates;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private connectWaiters: Array<{ resolve: () => void; reject: (e: ConnectError) => void }> = [];
  private errorTypeFrames = 0;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: ConnectionOptions<M>) {
    this.emitter = new TypedEmitter<ConnectionEvents>((err, ev) => opts.logger.error(`listener for ${String(ev)} threw`, err));
    this.updates = new ConfigUpdates({
      write: (event) => void this.transport?.send(event),
      nextEventId: () => this.nextEventId(),
      fullConfig: () => opts.fullConfig(),
    });
  }

  get status(): ConnectionStatus {
    return this._status;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get bufferedAmount(): number {
    return this.transport?.bufferedAmount ?? 0;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: (e: ConnectionEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  private nextEventId(): string {
    return `c-${(++this.counter).toString().padStart(4, '0')}`;
  }

  /** Resolves at the first ready; rejects on a fatal failure, or on any failure when reconnect is off. */
  connect(): Promise<void> {
    if (this.ready) return Promise.resolve();
    this.closedByUser = false;
    if (this._status === 'error' || this._status === 'offline') this.attempt = 0;
    const p = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    if (!this.transport && this.timers.size === 0) this.startSocket();
    return p;
  }

  async close(): Promise<void> {
    this.closedByUser = true;
    this.clearTimers();
    const t = this.transport;
    this.detach();
    this.ready = false;
    t?.close(1000, 'user ended the session');
    this.setStatus({ status: 'offline' });
    // A pending connect() ends quietly when the user closes: rejecting would surface as an
    // unhandled rejection in callers that fire-and-forget connect().
    for (const w of this.connectWaiters.splice(0)) w.resolve();
  }

  /**
   * Sends when ready; otherwise queues (§ "client events before ready are queued, not lost").
   * Returns the event id.
   */
  send(event: ClientEvent): string {
    return this.enqueue({ event: event.event_id ? event : { ...event, event_id: this.nextEventId() } });
  }

  /**
   * The one way to send a request whose reply must be matched: allocates its id, records it in the
   * ledger (`requested`), then sends or queues it like `send`; the ledger hears again when it is
   * actually written. Returns the event id.
   */
  request(event: ClientEvent, meta: M): string {
    const eventId = this.nextEventId();
    this.opts.ledger?.requested(eventId, meta);
    return this.enqueue({ event: { ...event, event_id: eventId }, meta });
  }

  private enqueue(out: Outgoing<M>): string {
    if (!(this.ready && this.write(out))) this.queue.push(out);
    return out.event.event_id as string;
  }

  /** Sends only if the socket is ready right now; used for audio and for replay during `ready`. */
  sendNow(event: ClientEvent): boolean {
    return this.ready && this.write({ event });
  }

  /** Partial update; coalesced while another is in flight (§2.2). Ignored until the initial update went out. */
  updateSession(partial: SessionConfig): void {
    this.updates.update(partial, this.ready);
  }

  // ——— sockets ———

  private startSocket(): void {
    this.openSocket().catch((err: unknown) => {
      // openSocket handles its own failures; anything escaping is a bug, reported as a failure.
      this.opts.logger.error('opening the socket failed unexpectedly', err);
      this.onConnectFailure(errorForNetwork(err));
    });
  }

  private async openSocket(): Promise<void> {
    this.clearTimers();
    this.ready = false;
    this.updates.reset();
    this.attempt++;
    this.setStatus(this.everReady ? { status: 'reconnecting', attempt: this.attempt } : { status: 'connecting', attempt: this.attempt });
    let transport: Transport;
    try {
      transport = this.opts.transportFactory({
        url: buildSessionUrl(this.opts.endpoint, newSessionKey()),
        authorization: authorizationHeader(this.opts.apiKey),
      });
    } catch (err) {
      this.onConnectFailure(errorForNetwork(err));
      return;
    }
    this.transport = transport;
    this.subs = [
      transport.on('event', (ev) => this.onEvent(transport, ev)),
      transport.on('invalid', (inv) => this.onInvalid(inv)),
      transport.on('close', (c) => this.onClose(transport, c)),
    ];
    try {
      await transport.connect();
    } catch (err) {
      if (this.transport !== transport) return;
      this.detach();
      this.onConnectFailure(err instanceof ConnectError ? err : errorForNetwork(err));
      return;
    }
    if (this.transport !== transport || this.closedByUser) return;
    this.timer(this.opts.createdTimeoutMs ?? 2000, () => this.sendInitialUpdate());
    this.timer(this.opts.readyTimeoutMs ?? 10_000, () => {
      if (this.ready || this.transport !== transport) return;
      this.opts.logger.warn('no session.updated in time; reconnecting');
      this.detach();
      transport.close(1000, 'session not ready in time');
      this.onConnectFailure(errorForTimeout('confirm the session settings', this.opts.readyTimeoutMs ?? 10_000));
    });
  }

  private sendInitialUpdate(): void {
    if (this.transport) this.updates.sendInitial();
  }

  private onEvent(transport: Transport, ev: ServerEvent): void {
    if (this.transport !== transport) return;
    switch (ev.type) {
      case 'session.created':
        this.sendInitialUpdate();
        return;
      case 'session.updated':
        this.scheduleExpiry(ev.session?.expires_at);
        return this.onSessionUpdated();
      case 'error':
        if (ev.error.event_id && this.updates.isInFlight(ev.error.event_id)) return this.onUpdateRejected(ev.error.message ?? 'rejected', ev.error.param);
        if (ev.error.code === SESSION_EXPIRED_CODE) this.opts.logger.info('session expired; the socket will close and reconnect');
        break;
      case 'ping':
        return;
    }
    this.emitter.emit('event', ev);
  }

  private onSessionUpdated(): void {
    this.updates.answered();
    if (!this.ready) {
      this.ready = true;
      const reconnected = this.everReady;
      this.everReady = true;
      this.attempt = 0;
      this.clearTimers();
      this.setStatus({ status: 'ready' });
      this.emitter.emit('ready', { reconnected });
      this.flushQueue();
      for (const w of this.connectWaiters.splice(0)) w.resolve();
    }
    this.updates.sendPending();
  }

  private onUpdateRejected(message: string, param: string | null | undefined): void {
    this.updates.answered();
    const err = errorForConfigRejected(message, param);
    if (!this.ready) {
      // §2.1 step 4: the session is still on defaults and not usable as configured.
      const t = this.transport;
      this.detach();
      t?.close(1000, 'configuration rejected');
      this.setStatus({ status: 'error', error: err.userError });
      this.settleWaiters(err);
      return;
    }
    this.emitter.emit('notice', { level: 'error', message: err.userError.message });
    this.updates.sendPending();
  }

  private flushQueue(): void {
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i++) {
      const out = queued[i] as Outgoing<M>;
      if (!this.ready || !this.write(out)) {
        this.queue = queued.slice(i).concat(this.queue);
        return;
      }
    }
  }

  private write(out: Outgoing<M>): boolean {
    if (!this.transport?.send(out.event)) return false;
    if (out.meta !== undefined) this.opts.ledger?.written(out.event.event_id as string, out.meta);
    return true;
  }

  private onInvalid(inv: TransportEvents['invalid']): void {
    if (inv.kind === 'error-type-frame') {
      // §1.6/§7.2: log; surface only if it repeats.
      this.errorTypeFrames++;
      this.opts.logger.warn('server resource notice', { errorType: inv.errorType });
      if (this.errorTypeFrames === 3) this.emitter.emit('notice', { level: 'warn', message: `The server reports ${inv.errorType ?? 'a resource problem'} repeatedly.` });
    } else if (inv.kind === 'unknown') {
      this.opts.logger.debug('ignoring unknown server event', { type: inv.type });
    } else {
      this.opts.logger.warn(`skipping bad server frame: ${inv.reason}`, { preview: inv.preview });
    }
    this.emitter.emit('invalid', inv);
  }

  /**
   * Planned replacement of a healthy socket (session about to expire): the old one is closed with
   * 1000 and a new one opened at once, with the same replay as after an unexpected drop.
   */
  recycle(): void {
    const t = this.transport;
    if (!t || !this.ready || this.closedByUser) return;
    this.detach();
    this.ready = false;
    t.close(1000, 'session about to expire');
    this.emitter.emit('lost', { code: 1000, reason: 'session about to expire', planned: true });
    this.attempt = 0;
    this.startSocket();
  }

  private scheduleExpiry(expiresAt: number | null | undefined): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return;
    // Seconds per the reference; one minute of margin, and never a busy loop on a past value.
    const delay = Math.max(5_000, expiresAt * 1000 - Date.now() - 60_000);
    if (delay > 24 * 3600_000) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = null;
      if (this.ready) this.emitter.emit('expiring', undefined);
    }, delay);
    this.expiryTimer.unref?.();
  }

  private onClose(transport: Transport, c: TransportEvents['close']): void {
    if (this.transport !== transport) return;
    this.detach();
    const wasReady = this.ready;
    this.ready = false;
    if (this.closedByUser || c.byClient) return;
    if (wasReady) this.emitter.emit('lost', { code: c.code, reason: c.reason });
    this.onConnectFailure(
      c.error ?? errorForNetwork(new Error(`connection closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`)),
    );
  }

  private onConnectFailure(err: ConnectError): void {
    if (this.closedByUser) return;
    this.opts.logger.warn(`connection failed: ${err.message}`, { code: err.userError.code, status: err.status });
    const retry = this.opts.reconnect && (err.retry === 'backoff' || (err.retry === 'once' && this.attempt < 2));
    if (!retry) {
      this.setStatus({ status: 'error', error: err.userError });
      this.settleWaiters(err);
      return;
    }
    const delay = backoffDelay(Math.max(1, this.attempt), { ...RECONNECT_BACKOFF, random: this.opts.random });
    const nextRetryAt = Date.now() + delay;
    // `attempt` in the status is the number of the upcoming try.
    this.setStatus({ status: this.everReady ? 'reconnecting' : 'connecting', error: err.userError, attempt: this.attempt + 1, nextRetryAt });
    this.timer(delay, () => this.startSocket());
  }

  private settleWaiters(err: ConnectError): void {
    for (const w of this.connectWaiters.splice(0)) w.reject(err);
  }

  private detach(): void {
    this.clearExpiry();
    for (const s of this.subs) s.dispose();
    this.subs = [];
    this.transport = null;
  }

  private timer(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private clearExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private setStatus(s: ConnectionEvents['status']): void {
    this._status = s.status;
    this.emitter.emit('status', s);
  }
}
