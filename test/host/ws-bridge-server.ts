import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DisposableStore, type Disposable } from '../../src/shared/disposable';
import type { AudioToMain } from '../../src/shared/ipc/audio-messages';
import type { CallDispatcher } from '../../src/main/ipc/call-dispatcher';
import type { EventHub } from '../../src/main/ipc/event-hub';
import type { AppController } from '../../src/main/services/app-controller';
import type { Logger } from '../../src/shared/logger';
import { decodeAudio, encodeAudio, HOST_WS_PATH, type ClientFrame, type HostFrame } from './wire';

export interface WsBridgeOptions {
  server: Server;
  /** Only pages from this origin may connect (the browser sends Origin on every WS upgrade). */
  origin: () => string;
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
    const path = (req.url ?? '').split('?')[0];
    if (path !== HOST_WS_PATH || req.headers.origin !== opts.origin()) {
      opts.logger.warn('test host: websocket refused', { path, origin: req.headers.origin });
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
