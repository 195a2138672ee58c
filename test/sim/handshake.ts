// Upgrade-time checks of §1.7, in the documented order. Pure: returns a rejection or the parsed
// connection parameters, so it can be tested without sockets too.

import type { IncomingMessage } from 'node:http';
import { switchesFromQuery, type Switches } from './switches.js';

export const REALTIME_PATH = '/api/v1/realtime/session';

export type HandshakeResult =
  | { ok: true; key: string; switches: Switches; credential: string }
  | { ok: false; status: number; body: { error: string; message: string } };

export interface HandshakeContext {
  defaults: Switches;
  keys: readonly string[];
  liveKeys: ReadonlySet<string>;
  maxSessions: number;
}

function reject(status: number, error: string, message: string): HandshakeResult {
  return { ok: false, status, body: { error, message } };
}

export function checkHandshake(req: IncomingMessage, ctx: HandshakeContext): HandshakeResult {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  if (url.pathname !== REALTIME_PATH) return reject(404, 'not_found', `No WebSocket endpoint at ${url.pathname}`);
  let switches: Switches;
  try {
    switches = switchesFromQuery(ctx.defaults, url.searchParams);
  } catch (err) {
    return reject(400, 'bad_request', (err as Error).message);
  }
  // Forced outcomes (sim_handshake) come first so clients can test them with any credentials.
  if (switches.handshake === '401') return reject(401, 'unauthorized', 'Simulated authentication failure');
  // What the real service answers for a valid key without Realtime permission (§1.7).
  if (switches.handshake === '403') return reject(403, 'forbidden', 'Simulated key without permission for this API');
  if (switches.handshake === '429') return reject(429, 'too_many_requests', 'Simulated concurrency limit');
  if (switches.handshake === '500') return reject(500, 'internal', 'Simulated server failure');
  const key = url.searchParams.get('key');
  if (!key) return reject(400, 'bad_request', "Query parameter 'key' is required");
  const protocol = url.searchParams.get('protocol');
  if (protocol !== 'realtime') return reject(400, 'bad_request', "Query parameter 'protocol' must be 'realtime'");
  const auth = req.headers.authorization ?? '';
  const m = /^(Basic|Bearer) (\S+)$/.exec(auth);
  if (!m) return reject(401, 'unauthorized', 'Authorization header must be "Basic <key>" or "Bearer <token>"');
  const credential = m[2] as string;
  if (!ctx.keys.includes(credential)) return reject(401, 'unauthorized', 'Invalid credentials');
  if (ctx.liveKeys.has(key)) return reject(409, 'conflict', `Session key ${key} is already in use`);
  if (ctx.liveKeys.size >= ctx.maxSessions) return reject(429, 'too_many_requests', `Maximum of ${ctx.maxSessions} concurrent sessions reached`);
  return { ok: true, key, switches, credential };
}
