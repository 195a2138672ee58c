import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DisposableStore, type Disposable } from '../../src/shared/disposable';
import type { AudioToMain } from '../../src/shared/ipc/audio-messages';
import type { CallDispatcher } from '../../src/main/ipc/call-dispatcher';
import type { EventHub } from '../../src/main/ipc/event-hub';
import type { AppController } from '../../src/main/services/app-controller';
import type { Logger } from '../../src/shared/logger';
import { timingSafeEqual } from 'node:crypto';
import { decodeAudio, encodeAudio, HOST_TOKEN_COOKIE, HOST_WS_PATH, type ClientFrame, type HostFrame } from './wire';

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

export interface WsBridgeOptions {
  server: Server;
  /** Only pages from this origin may connect (the browser sends Origin on every WS upgrade). */
  origin: () => string;
  /**
   * The per-run secret every upgrade must carry in the host-token cookie. Origin alone is a header any
   * local program can forge; the token is known only to whoever started the host (and its browser).
   */
  token: string;
  dispatch: CallDispatcher;
  events: EventHub;
  controller: AppController;
  logger: Logger;
}

/**
 * The test host's side of the bridge: the same CallDispatcher the Electron IPC uses, reached over a
 * WebSocket. The upgrade is refused unless Origin is the host's own origin (a page elsewhere in the
 * browser cannot drive the assistant), exactly as Electron refuses calls from foreign frames.
 */
export function attachWsBridge(opts: WsBridgeOptions): Disposable & { clientCount(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const store = new DisposableStore();
  let nextSocketId = 1;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The http server has dropped its socket 'error' listener by now: a peer reset during a refusal
    // must not become an uncaught exception in the host.
    socket.on('error', (err) => opts.logger.warn('test host: upgrade socket error', { message: err.message }));
    const path = (req.url ?? '').split('?')[0];
    if (path !== HOST_WS_PATH || req.headers.origin !== opts.origin() || !tokenMatches(cookieValue(req.headers.cookie, HOST_TOKEN_COOKIE), opts.token)) {
      opts.logger.warn('test host: websocket refused', { path, origin: req.headers.origin, token: req.headers.cookie ? 'wrong' : 'missing' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  };
  opts.server.on('upgrade', onUpgrade);
  store.add({ dispose: () => opts.server.off('upgrade', onUpgrade) });

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    const senderId = nextSocketId++;
    const sender = { frameUrl: `${req.headers.origin}/`, isMainFrame: true, senderId };
    const conn = new DisposableStore();
    const sendFrame = (f: HostFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(f));
    };
    conn.add(opts.events.subscribe((name, payload) => sendFrame({ t: 'event', name, payload })));
    conn.add(
      opts.controller.attachAudio((message) => {
        if (ws.readyState !== ws.OPEN) return false;
        ws.send(encodeAudio(message as unknown as Record<string, unknown>));
        return true;
      }),
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        const msg = decodeAudio(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        if (msg) opts.controller.handleAudio(msg as unknown as AudioToMain);
        return;
      }
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString()) as ClientFrame;
      } catch {
        opts.logger.warn('test host: malformed frame dropped');
        return;
      }
      if (frame?.t !== 'call' || typeof frame.id !== 'number') return;
      void opts.dispatch(String(frame.name), sender, frame.input).then((result) => sendFrame({ t: 'result', id: frame.id, result }));
    });
    ws.on('close', () => conn.dispose());
    ws.on('error', () => conn.dispose());
    store.add(conn);
  }

  store.add({
    dispose: () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  });
  return Object.assign(store, { clientCount: () => wss.clients.size });
}
