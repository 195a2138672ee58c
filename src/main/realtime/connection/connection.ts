import type { ConnectionStatus, ConnectionStatusInfo } from '../../../shared/conversation';
import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Disposable } from '../../../shared/disposable';
import type { ClientEvent, SessionConfig } from '../../../shared/protocol/client-events';
import type { ServerEvent } from '../../../shared/protocol/server-events';
import { SESSION_EXPIRED_CODE } from '../../../shared/protocol/error-codes';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../shared/backoff';
import { ConnectError, errorForConfigRejected, errorForNetwork, errorForTimeout } from './connect-errors';
import { authorizationHeader, buildSessionUrl, newSessionKey } from '../wire/endpoint-url';
import { ConfigUpdates } from './config-updates';
import { ExpiryTimer } from './expiry-timer';
import { InvalidFrames } from './invalid-frames';
import type { Transport, TransportEvents } from '../wire/transport';
import type { ConnectionEvents, ConnectionOptions } from './connection-api';

/**
 * One logical realtime connection across any number of sockets: handshake, the `session.update`
 * dance (§2.1), "one update in flight" (§2.2), the pre-ready queue, and reconnect with backoff and a
 * new key (§6.8). Turn logic lives in the session; this class only knows about sockets and config.
 */

/**
 * Where the connection stands, as one value (like agents-realtime's WebSocketState) instead of
 * separate ready / closed / transport flags that could disagree. The user-facing status is derived.
 */
type SocketState =
  /** Nothing open or scheduled: before `connect()`, or after `close()`. */
  | { kind: 'closed' }
  /** A socket is opening or waiting for its first `session.updated`; null while the factory runs. */
  | { kind: 'opening'; transport: Transport | null }
  | { kind: 'ready'; transport: Transport }
  /** A retry is scheduled after a failure. */
  | { kind: 'waiting' }
  /** Gave up (fatal error, or a failure with reconnect off); `connect()` starts over. */
  | { kind: 'failed' };

interface Outgoing<M> {
  event: ClientEvent;
  /** Present for tracked requests: the ledger hears when they are written. */
  meta?: M;
}

export class RealtimeConnection<M = never> {
  private readonly emitter: TypedEmitter<ConnectionEvents>;
  private state: SocketState = { kind: 'closed' };
  /** Whether any socket was ever ready: later attempts are reconnects and replay history. */
  private everReady = false;
  private subs: Disposable[] = [];
  private attempt = 0;
  private counter = 0;
  private queue: Array<Outgoing<M>> = [];
  private readonly updates: ConfigUpdates;
  private readonly expiry: ExpiryTimer;
  private readonly invalidFrames: InvalidFrames;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private connectWaiters: Array<{ resolve: () => void; reject: (e: ConnectError) => void }> = [];

  constructor(private readonly opts: ConnectionOptions<M>) {
    this.emitter = new TypedEmitter<ConnectionEvents>((err, ev) => opts.logger.error(`listener for ${String(ev)} threw`, err));
    this.updates = new ConfigUpdates({
      write: (event) => void this.transport?.send(event),
      nextEventId: () => this.nextEventId(),
      fullConfig: () => opts.fullConfig(),
    });
    this.expiry = new ExpiryTimer(() => {
      if (this.state.kind === 'ready') this.emitter.emit('expiring', undefined);
    });
    this.invalidFrames = new InvalidFrames(opts.logger, (message) => this.emitter.emit('notice', { level: 'warn', message }));
  }

  get status(): ConnectionStatus {
    switch (this.state.kind) {
      case 'closed':
        return 'offline';
      case 'ready':
        return 'ready';
      case 'failed':
        return 'error';
      default:
        return this.everReady ? 'reconnecting' : 'connecting';
    }
  }

  get isReady(): boolean {
    return this.state.kind === 'ready';
  }

  get bufferedAmount(): number {
    return this.transport?.bufferedAmount ?? 0;
  }

  /** The socket of the current attempt, opening or ready. */
  private get transport(): Transport | null {
    return this.state.kind === 'opening' || this.state.kind === 'ready' ? this.state.transport : null;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: (e: ConnectionEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  private nextEventId(): string {
    return `c-${(++this.counter).toString().padStart(4, '0')}`;
  }

  /** Resolves at the first ready; rejects on a fatal failure, or on any failure when reconnect is off. */
  connect(): Promise<void> {
    if (this.state.kind === 'ready') return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    // Opening or waiting to retry: the attempt under way settles this call too.
    if (this.state.kind === 'closed' || this.state.kind === 'failed') {
      this.attempt = 0;
      this.startSocket();
    }
    return p;
  }

  async close(): Promise<void> {
    this.clearTimers();
    const t = this.transport;
    this.detach();
    this.setState({ kind: 'closed' });
    t?.close(1000, 'user ended the session');
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
    if (!(this.isReady && this.write(out))) this.queue.push(out);
    return out.event.event_id as string;
  }

  /** Sends only if the socket is ready right now; used for audio and for replay during `ready`. */
  sendNow(event: ClientEvent): boolean {
    return this.isReady && this.write({ event });
  }

  /** Partial update; coalesced while another is in flight (§2.2). Ignored until the initial update went out. */
  updateSession(partial: SessionConfig): void {
    this.updates.update(partial, this.isReady);
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
    this.updates.reset();
    this.attempt++;
    this.setState({ kind: 'opening', transport: null }, { attempt: this.attempt });
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
    this.state = { kind: 'opening', transport };
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
    // Closed, recycled or timed out meanwhile: that path already decided what comes next.
    if (this.transport !== transport) return;
    this.timer(this.opts.createdTimeoutMs ?? 2000, () => this.sendInitialUpdate());
    this.timer(this.opts.readyTimeoutMs ?? 10_000, () => {
      if (this.state.kind !== 'opening' || this.state.transport !== transport) return;
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
        this.expiry.arm(ev.session?.expires_at);
        return this.onSessionUpdated(transport);
      case 'error':
        if (ev.error.event_id && this.updates.isInFlight(ev.error.event_id)) return this.onUpdateRejected(ev.error.message ?? 'rejected', ev.error.param);
        if (ev.error.code === SESSION_EXPIRED_CODE) this.opts.logger.info('session expired; the socket will close and reconnect');
        break;
      case 'ping':
        return;
    }
    this.emitter.emit('event', ev);
  }

  private onSessionUpdated(transport: Transport): void {
    this.updates.answered();
    if (this.state.kind === 'opening') {
      const reconnected = this.everReady;
      this.everReady = true;
      this.attempt = 0;
      this.clearTimers();
      this.setState({ kind: 'ready', transport });
      this.emitter.emit('ready', { reconnected });
      this.flushQueue();
      for (const w of this.connectWaiters.splice(0)) w.resolve();
    }
    this.updates.sendPending();
  }

  private onUpdateRejected(message: string, param: string | null | undefined): void {
    this.updates.answered();
    const err = errorForConfigRejected(message, param);
    if (this.state.kind === 'opening') {
      // §2.1 step 4: the session is still on defaults and not usable as configured.
      const t = this.transport;
      this.detach();
      t?.close(1000, 'configuration rejected');
      this.setState({ kind: 'failed' }, { error: err.userError });
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
      if (!this.isReady || !this.write(out)) {
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
    this.invalidFrames.handle(inv);
    this.emitter.emit('invalid', inv);
  }

  /**
   * Planned replacement of a healthy socket (session about to expire): the old one is closed with
   * 1000 and a new one opened at once, with the same replay as after an unexpected drop.
   */
  recycle(): void {
    if (this.state.kind !== 'ready') return;
    const t = this.state.transport;
    this.detach();
    t.close(1000, 'session about to expire');
    this.emitter.emit('lost', { code: 1000, reason: 'session about to expire', planned: true });
    this.attempt = 0;
    this.startSocket();
  }

  private onClose(transport: Transport, c: TransportEvents['close']): void {
    // Sockets this class closes itself are detached first, so this is always the server or the network.
    if (this.transport !== transport) return;
    const wasReady = this.state.kind === 'ready';
    this.detach();
    if (wasReady) this.emitter.emit('lost', { code: c.code, reason: c.reason });
    this.onConnectFailure(
      c.error ?? errorForNetwork(new Error(`connection closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`)),
    );
  }

  private onConnectFailure(err: ConnectError): void {
    if (this.state.kind === 'closed') return;
    this.opts.logger.warn(`connection failed: ${err.message}`, { code: err.userError.code, status: err.status });
    const retry = this.opts.reconnect && (err.retry === 'backoff' || (err.retry === 'once' && this.attempt < 2));
    if (!retry) {
      this.setState({ kind: 'failed' }, { error: err.userError });
      this.settleWaiters(err);
      return;
    }
    const delay = backoffDelay(Math.max(1, this.attempt), { ...RECONNECT_BACKOFF, random: this.opts.random });
    // `attempt` in the status is the number of the upcoming try.
    this.setState({ kind: 'waiting' }, { error: err.userError, attempt: this.attempt + 1, nextRetryAt: Date.now() + delay });
    this.timer(delay, () => this.startSocket());
  }

  private settleWaiters(err: ConnectError): void {
    for (const w of this.connectWaiters.splice(0)) w.reject(err);
  }

  /** Lets go of the current socket (between sockets: 'waiting'); the caller then sets and announces what is next. */
  private detach(): void {
    this.expiry.disarm();
    for (const s of this.subs) s.dispose();
    this.subs = [];
    if (this.transport) this.state = { kind: 'waiting' };
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

  private setState(next: SocketState, info: Omit<ConnectionStatusInfo, 'status'> = {}): void {
    this.state = next;
    this.emitter.emit('status', { status: this.status, ...info });
  }
}
