import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { ConnectError } from '../../../../src/main/realtime/connection/connect-errors';
import { createRealtimeSession } from '../../../../src/main/realtime/realtime-session';
import type { RealtimeSessionEvents } from '../../../../src/main/realtime/session-api';
import { BASE_OPTIONS } from '../scripted-transport';
import { waitFor } from '../sim-harness';

/**
 * A TLS handshake that fails, over a real socket: a wss:// server on 127.0.0.1 whose certificate is
 * self-signed (fixtures/, valid for IP 127.0.0.1, so the only fault is that nothing trusts it). The
 * real client (createRealtimeSession → ws transport) must report the typed `tls` ConnectError with
 * its actionable advice — not a generic "unreachable" — and follow the policy connect-errors.ts gives
 * TLS: `retry: 'backoff'` (a clock or intercepting proxy can be fixed while the app keeps trying).
 */

const FIXTURES = join(__dirname, 'fixtures');

let server: Server | null = null;
let wss: WebSocketServer | null = null;
/** TCP connections the server accepted: one per connection attempt of the client. */
let tcpConnections = 0;
let tlsClientErrors: Error[] = [];
let upgrades = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  // Anything the failing handshake leaves unhandled must fail the test, not only warn.
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  wss?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  wss = null;
});

async function tlsServer(): Promise<string> {
  tcpConnections = 0;
  tlsClientErrors = [];
  upgrades = 0;
  server = createServer({ cert: readFileSync(join(FIXTURES, 'selfsigned-127.0.0.1.crt')), key: readFileSync(join(FIXTURES, 'selfsigned-127.0.0.1.key')) });
  server.on('connection', (s: Socket) => {
    tcpConnections++;
    s.on('error', () => {});
  });
  server.on('tlsClientError', (err: Error) => tlsClientErrors.push(err));
  wss = new WebSocketServer({ server });
  wss.on('connection', () => upgrades++);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `wss://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/realtime/session`;
}

function session(endpoint: string, reconnect: boolean) {
  const s = createRealtimeSession({ ...BASE_OPTIONS, endpoint, reconnect }, { random: () => 0 });
  const statuses: Array<RealtimeSessionEvents['status']> = [];
  s.on('status', (e) => statuses.push(e));
  return { s, statuses };
}

/** The user-facing error every TLS failure must carry, whatever the exact OpenSSL wording. */
const TLS_USER_ERROR = {
  code: 'tls',
  message: expect.stringMatching(/secure connection .* failed \(.*(SELF_SIGNED|self[- ]signed).*\)/i) as unknown,
  fix: expect.stringMatching(/system clock.*proxy or antivirus/i) as unknown,
};

describe('TLS handshake failure (real wss:// server, self-signed certificate)', () => {
  it('with reconnect off: connect() rejects with the typed tls ConnectError, retry policy "backoff"', async () => {
    const url = await tlsServer();
    const { s, statuses } = session(url, false);
    const err: unknown = await s.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectError);
    const ce = err as ConnectError;
    expect(ce.userError).toMatchObject(TLS_USER_ERROR);
    expect(ce.retry).toBe('backoff');
    expect(ce.status).toBeUndefined();
    expect(s.status).toBe('error');
    expect(statuses.at(-1)).toMatchObject({ status: 'error', error: TLS_USER_ERROR });
    // The failure really was the TLS handshake: the server saw the client refuse its certificate
    // and no WebSocket upgrade ever happened.
    await waitFor(() => tlsClientErrors.length === 1, 2000, 'the server to see the TLS failure');
    expect(tcpConnections).toBe(1);
    expect(upgrades).toBe(0);
    await s.close();
    expect(unhandled).toEqual([]);
  });

  it('with reconnect on: keeps retrying with growing backoff (500 ms, then 1 s at random()=0), showing the tls error', async () => {
    const url = await tlsServer();
    const { s, statuses } = session(url, true);
    let settled = false;
    const connecting = s.connect().then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(() => statuses.some((e) => e.error), 3000, 'the first failure');
    const t1 = Date.now();
    const first = statuses.find((e) => e.error)!;
    expect(first).toMatchObject({ status: 'connecting', error: TLS_USER_ERROR, attempt: 2 });
    expect(first.nextRetryAt! - t1).toBeGreaterThan(300);
    expect(first.nextRetryAt! - t1).toBeLessThanOrEqual(500);
    await waitFor(() => statuses.filter((e) => e.error).length >= 2, 3000, 'the retry to fail too');
    const t2 = Date.now();
    const second = statuses.filter((e) => e.error)[1]!;
    expect(second).toMatchObject({ status: 'connecting', error: TLS_USER_ERROR, attempt: 3 });
    // The retry really dialled again (a second TCP connection), after the first delay …
    expect(tcpConnections).toBe(2);
    expect(t2 - t1).toBeGreaterThanOrEqual(400);
    // … and the next delay doubled.
    expect(second.nextRetryAt! - t2).toBeGreaterThan(800);
    expect(second.nextRetryAt! - t2).toBeLessThanOrEqual(1000);
    // A retryable failure never settles connect() nor reaches the 'error' state on its own.
    expect(settled).toBe(false);
    expect(statuses.map((e) => e.status)).not.toContain('error');
    expect(upgrades).toBe(0);
    // close() stops the retries and resolves the pending connect() quietly.
    await s.close();
    await connecting;
    expect(s.status).toBe('offline');
    await new Promise((r) => setTimeout(r, 1200));
    expect(tcpConnections).toBe(2);
    expect(unhandled).toEqual([]);
  });
});
