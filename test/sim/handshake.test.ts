// Upgrade-time checks (§1.7) with real HTTP upgrades.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, freshKey, tryHandshake } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ keys: ['good-key', 'second-key'], maxSessions: 2 });
});
afterAll(async () => {
  await sim.close();
});

const url = (q: string) => `${sim.url}${q}`;
const basic = { Authorization: 'Basic good-key' };

describe('handshake', () => {
  it('accepts Basic and Bearer with a configured key', async () => {
    expect((await tryHandshake(url(`?key=${freshKey()}&protocol=realtime`), basic)).status).toBe(101);
    expect((await tryHandshake(url(`?key=${freshKey()}&protocol=realtime`), { Authorization: 'Bearer second-key' })).status).toBe(101);
  });

  it('404 on another path', async () => {
    const r = await tryHandshake(`ws://127.0.0.1:${sim.port}/api/v1/realtime?key=a&protocol=realtime`, basic);
    expect(r).toEqual({ status: 404, body: expect.objectContaining({ error: 'not_found' }) });
  });

  it.each([
    ['missing key', '?protocol=realtime'],
    ['empty key', '?key=&protocol=realtime'],
    ['missing protocol', '?key=k'],
    ['wrong protocol', '?key=k&protocol=openai'],
    ['unknown sim_ parameter', '?key=k&protocol=realtime&sim_bogus=1'],
    ['bad sim_ value', '?key=k&protocol=realtime&sim_scenario=nope'],
  ])('400 on %s', async (_name, q) => {
    const r = await tryHandshake(url(q), basic);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'bad_request' });
  });

  it.each([
    ['no header', {}],
    ['wrong scheme', { Authorization: 'Token good-key' }],
    ['empty credential', { Authorization: 'Basic ' }],
    ['unknown key', { Authorization: 'Basic other' }],
  ])('401 on %s', async (_name, headers) => {
    const r = await tryHandshake(url(`?key=${freshKey()}&protocol=realtime`), headers as Record<string, string>);
    expect(r).toEqual({ status: 401, body: expect.objectContaining({ error: 'unauthorized' }) });
  });

  it('ignores unknown non-sim query parameters', async () => {
    expect((await tryHandshake(url(`?key=${freshKey()}&protocol=realtime&model=gpt&foo=bar`), basic)).status).toBe(101);
  });

  it('409 for a key held by a live socket, 429 beyond maxSessions; slots free on close', async () => {
    const a = await RawClient.connect({ ...sim, key: 'good-key' });
    const dup = await tryHandshake(url(`?key=${a.key}&protocol=realtime`), basic);
    expect(dup).toEqual({ status: 409, body: expect.objectContaining({ error: 'conflict' }) });
    const b = await RawClient.connect({ ...sim, key: 'good-key' });
    const third = await tryHandshake(url(`?key=${freshKey()}&protocol=realtime`), basic);
    expect(third).toEqual({ status: 429, body: expect.objectContaining({ error: 'too_many_requests' }) });
    await a.close();
    await b.close();
    // The same key may be reused once its socket is gone (the client never should, but the slot is free).
    await vi.waitFor(async () => expect((await tryHandshake(url(`?key=${a.key}&protocol=realtime`), basic)).status).toBe(101));
  });

  it('a client that resets the connection while a refusal is written does not take the simulator down', async () => {
    // ws clients destroy the request as soon as they have the status; the refusal's socket then sees ECONNRESET.
    await new Promise<void>((resolve, reject) => {
      const s = connect(sim.port, '127.0.0.1', () => {
        s.write(
          `GET /api/v1/realtime/session?key=${freshKey()}&protocol=realtime&sim_handshake=500 HTTP/1.1\r\nHost: x\r\n` +
            'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      s.once('data', () => {
        s.resetAndDestroy();
        resolve();
      });
      s.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect((await tryHandshake(url(`?key=${freshKey()}&protocol=realtime`), basic)).status).toBe(101);
  });

  it.each(['401', '403', '429', '500'])('sim_handshake=%s and sim_fault=handshake-%s force that status', async (code) => {
    const r = await tryHandshake(url(`?key=${freshKey()}&protocol=realtime&sim_handshake=${code}`), basic);
    expect(r.status).toBe(Number(code));
    expect(typeof r.body?.error).toBe('string');
    const viaFault = await tryHandshake(url(`?key=${freshKey()}&protocol=realtime&sim_fault=stall,handshake-${code}`), basic);
    expect(viaFault.status).toBe(Number(code));
  });
});
