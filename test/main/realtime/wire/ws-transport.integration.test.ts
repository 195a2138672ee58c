import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { CLOSE_KEEPALIVE_TIMEOUT, WsTransport } from '../../../../src/main/realtime/wire/ws-transport';
import type { TransportEvents } from '../../../../src/main/realtime/wire/transport';

/** The ws transport against a bare local WebSocket server (no protocol logic), for framing and keep-alive. */

let wss: WebSocketServer | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = null;
});

async function server(opts: { autoPong?: boolean } = {}): Promise<{ url: string; sockets: WebSocket[]; headers: Array<Record<string, unknown>> }> {
  const sockets: WebSocket[] = [];
  const headers: Array<Record<string, unknown>> = [];
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: opts.autoPong ?? true });
  wss.on('connection', (ws, req) => {
    sockets.push(ws);
    headers.push({ ...req.headers, url: req.url });
  });
  await new Promise<void>((r) => wss!.once('listening', () => r()));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/v1/realtime/session?key=k&protocol=realtime`, sockets, headers };
}

describe('WsTransport', () => {
  it('sends the Authorization header and one JSON text frame per event; parses and classifies server frames', async () => {
    const s = await server();
    const t = new WsTransport({ url: s.url, authorization: 'Basic abc=' });
    const got: Array<TransportEvents['event']> = [];
    const bad: Array<TransportEvents['invalid']> = [];
    t.on('event', (e) => got.push(e));
    t.on('invalid', (e) => bad.push(e));
    await t.connect();
    expect(s.headers[0]).toMatchObject({ authorization: 'Basic abc=' });
    const received: string[] = [];
    s.sockets[0]!.on('message', (d) => received.push(d.toString()));
    expect(t.send({ type: 'response.create', event_id: 'c-1' })).toBe(true);
    s.sockets[0]!.send('{"type":"ping","timestamp":1}');
    s.sockets[0]!.send('{"type":"x.unknown"}');
    s.sockets[0]!.send('garbage');
    s.sockets[0]!.send(Buffer.from([1, 2, 3]), { binary: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual(['{"type":"response.create","event_id":"c-1"}']);
    expect(got.map((e) => e.type)).toEqual(['ping']);
    expect(bad.map((b) => b.kind)).toEqual(['unknown', 'malformed', 'malformed']);
    t.close();
    expect(t.state).toBe('closed');
    expect(t.send({ type: 'response.create' })).toBe(false);
  });

  it('declares the link dead after two unanswered pings', async () => {
    const s = await server({ autoPong: false });
    const t = new WsTransport({ url: s.url, authorization: 'Basic x' }, { pingIntervalMs: 50, maxMissedPongs: 2 });
    const closed = new Promise<TransportEvents['close']>((r) => t.on('close', r));
    await t.connect();
    const c = await closed;
    expect(c).toMatchObject({ code: CLOSE_KEEPALIVE_TIMEOUT, byClient: false });
  });

  it('stays up while pongs come back', async () => {
    const s = await server({ autoPong: true });
    const t = new WsTransport({ url: s.url, authorization: 'Basic x' }, { pingIntervalMs: 30, maxMissedPongs: 2 });
    await t.connect();
    await new Promise((r) => setTimeout(r, 250));
    expect(t.state).toBe('open');
    t.close();
  });

  it('reports an unexpected server close with its code', async () => {
    const s = await server();
    const t = new WsTransport({ url: s.url, authorization: 'Basic x' });
    const closed = new Promise<TransportEvents['close']>((r) => t.on('close', r));
    await t.connect();
    s.sockets[0]!.close(1011, 'boom');
    expect(await closed).toMatchObject({ code: 1011, reason: 'boom', byClient: false });
  });
});
