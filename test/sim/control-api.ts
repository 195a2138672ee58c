// HTTP control API under /__sim/ (documented in index.ts). Loopback clients only: it exposes the
// audio users spoke into the demo, which must never be reachable from another machine.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionRecord } from './record.js';

export interface ControlTarget {
  sessions: SessionRecord[];
  reset(): Promise<void>;
  /** Ends the live socket of `key` abruptly (no close frame), as a lost network would. */
  drop(key: string): boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

function find(target: ControlTarget, key: string): SessionRecord | undefined {
  // Keys are unique among live sessions only; prefer the newest record.
  for (let i = target.sessions.length - 1; i >= 0; i--) if (target.sessions[i]?.key === key) return target.sessions[i];
  return undefined;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, target: ControlTarget): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return json(res, 403, { error: 'forbidden' });
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['__sim', ...]
  const method = req.method ?? 'GET';
  if (method === 'GET' && parts.length === 2 && parts[1] === 'sessions') {
    return json(res, 200, target.sessions.map((s) => s.summary()));
  }
  if (method === 'POST' && parts.length === 2 && parts[1] === 'reset') {
    await target.reset();
    return json(res, 200, { ok: true });
  }
  if (method === 'POST' && parts.length === 4 && parts[1] === 'sessions' && parts[3] === 'drop') {
    const dropped = target.drop(parts[2] as string);
    return json(res, dropped ? 200 : 404, dropped ? { ok: true } : { error: 'no live session with that key' });
  }
  if (method === 'GET' && parts.length >= 3 && parts[1] === 'sessions') {
    const rec = find(target, parts[2] as string);
    if (!rec) return json(res, 404, { error: 'no such session' });
    if (parts.length === 3) return json(res, 200, rec.summary());
    if (parts.length === 4 && parts[3] === 'input.pcm') {
      const body = rec.inputAudio;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (parts.length === 4 && parts[3] === 'events') {
      return json(res, 200, {
        client: rec.clientEvents,
        server: rec.serverEvents,
        errors: rec.errors,
        lint: rec.lint,
        appends: rec.appends,
        commits: rec.commits.map((c) => ({ itemId: c.itemId, source: c.source, t: c.t, wall: c.wall, bytes: c.audio.length })),
      });
    }
  }
  return json(res, 404, { error: 'not found' });
}
