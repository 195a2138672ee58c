import WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Disposable } from '../../../shared/disposable';
import type { ClientEvent } from '../../../shared/protocol/client-events';
import { parseServerEvent, MAX_SERVER_FRAME_CHARS } from '../../../shared/protocol/parse';
import { ConnectError, errorForNetwork, errorForStatus, errorForTimeout } from '../connection/connect-errors';
import type { Transport, TransportEvents, TransportParams, TransportState } from './transport';

/**
 * Transport over the `ws` library (§1.3: Node can set the Authorization header, browsers cannot).
 * Besides framing it owns the keep-alive: RFC 6455 pings every `pingIntervalMs`, and the link is
 * declared dead after `maxMissedPongs` unanswered pings (§1.5) — the server has no ping event we
 * could send instead.
 */
export interface WsTransportOptions {
  pingIntervalMs?: number;
  maxMissedPongs?: number;
  handshakeTimeoutMs?: number;
}

/** Close code we report when the keep-alive declares the link dead (the socket is terminated, no frame). */
export const CLOSE_KEEPALIVE_TIMEOUT = 4000;

export class WsTransport implements Transport {
  private ws: WebSocket | null = null;
  private readonly emitter = new TypedEmitter<TransportEvents>();
  private _state: TransportState = 'connecting';
  private closeEmitted = false;
  private closingByClient = false;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private missedPongs = 0;

  constructor(
    private readonly params: TransportParams,
    private readonly opts: WsTransportOptions = {},
  ) {}

  get state(): TransportState {
    return this._state;
  }

  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  on<K extends keyof TransportEvents>(event: K, listener: (payload: TransportEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: ConnectError) => {
        if (settled) return;
        settled = true;
        this.finish(1006, err.message, err);
        reject(err);
      };
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.params.url, {
          headers: { Authorization: this.params.authorization },
          handshakeTimeout: this.opts.handshakeTimeoutMs ?? 10_000,
          // Frames above this are refused by ws with 1009 rather than buffered without limit.
          maxPayload: MAX_SERVER_FRAME_CHARS * 2,
          perMessageDeflate: false,
        });
      } catch (err) {
        fail(errorForNetwork(err));
        return;
      }
      this.ws = ws;
      ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
        // §1.7: the handshake was refused; read a bounded body for the diagnostic, then classify.
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 2048) body += chunk;
        });
        const done = () => {
          fail(errorForStatus(res.statusCode ?? 0, body));
          req.destroy();
        };
        res.on('end', done);
        res.on('error', done);
        res.on('aborted', done);
      });
      ws.on('open', () => {
        if (settled) return;
        settled = true;
        this._state = 'open';
        this.startKeepAlive();
        this.emitter.emit('open', undefined);
        resolve();
      });
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        // §1.4: no binary frames are expected; they are ignored, never fatal.
        if (isBinary) {
          this.emitter.emit('invalid', { ok: false, kind: 'malformed', reason: 'binary frame', preview: '' });
          return;
        }
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        const result = parseServerEvent(text);
        if (result.ok) this.emitter.emit('event', result.event);
        else this.emitter.emit('invalid', { ...result, preview: text.slice(0, 200) });
      });
      ws.on('pong', () => {
        this.missedPongs = 0;
      });
      ws.on('error', (err: Error) => {
        if (!settled) {
          const msg = err.message ?? '';
          if (/handshake has timed out/i.test(msg)) fail(errorForTimeout('complete the WebSocket handshake', this.opts.handshakeTimeoutMs ?? 10_000));
          else if (/Unexpected server response: (\d+)/.test(msg)) fail(errorForStatus(Number(/(\d+)/.exec(msg)?.[1] ?? 0), ''));
          else fail(errorForNetwork(err));
        }
        // After open, an error is always followed by 'close', which reports it.
      });
      ws.on('close', (code: number, reason: Buffer) => {
        if (!settled) {
          fail(errorForNetwork(new Error(`closed during handshake (${code})`)));
          return;
        }
        this.finish(code, reason.toString('utf8'));
      });
    });
  }

  send(event: ClientEvent): boolean {
    const ws = this.ws;
    if (!ws || this._state !== 'open' || ws.readyState !== WebSocket.OPEN) return false;
    try {
      ws.send(JSON.stringify(event));
      return true;
    } catch {
      return false;
    }
  }

  close(code = 1000, reason = 'client closing'): void {
    if (this._state === 'closed') return;
    this.closingByClient = true;
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.close(code, reason);
      // If the server never answers the close frame, do not hold the account's slot: terminate.
      setTimeout(() => ws.terminate(), 2000).unref?.();
    } else if (ws) {
      ws.terminate();
    }
    this.finish(code, reason);
  }

  private startKeepAlive(): void {
    const interval = this.opts.pingIntervalMs ?? 15_000;
    const maxMissed = this.opts.maxMissedPongs ?? 2;
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (this.missedPongs >= maxMissed) {
        ws.terminate();
        this.finish(CLOSE_KEEPALIVE_TIMEOUT, `no pong for ${maxMissed} pings`);
        return;
      }
      this.missedPongs++;
      try {
        ws.ping();
      } catch {}
    }, interval);
    this.pingTimer.unref?.();
  }

  private finish(code: number, reason: string, error?: ConnectError): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this._state = 'closed';
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.emitter.emit('close', { code, reason, byClient: this.closingByClient, error });
    this.emitter.removeAll();
  }
}

export function createWsTransport(opts?: WsTransportOptions) {
  return (params: TransportParams): Transport => new WsTransport(params, opts);
}
