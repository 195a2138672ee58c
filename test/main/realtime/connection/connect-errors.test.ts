/**
 * How a failed connect is classified decides whether the app retries and what the user is told
 * (§1.7): a wrong key must never be hammered, an outage must be retried, and every message says
 * what to do next.
 */
import { describe, expect, it } from 'vitest';
import {
  errorForConfigRejected,
  errorForNetwork,
  errorForStatus,
  errorForTimeout,
} from '../../../../src/main/realtime/connection/connect-errors';

describe('errorForStatus', () => {
  it('401 and 403 are key problems that never retry, with different advice', () => {
    const unauthorized = errorForStatus(401, '');
    const forbidden = errorForStatus(403, '{"error":"no realtime"}');
    for (const e of [unauthorized, forbidden]) {
      expect(e.retry).toBe('never');
      expect(e.userError.code).toBe('bad_key');
    }
    expect(unauthorized.userError.message).toContain('rejected the API key');
    expect(forbidden.userError.message).toContain('no permission');
    expect(forbidden.userError.fix).not.toBe(unauthorized.userError.fix);
    expect(forbidden.status).toBe(403);
  });

  it('429 and 5xx retry with backoff', () => {
    expect(errorForStatus(429, '')).toMatchObject({ retry: 'backoff', userError: { code: 'rate_limited' } });
    for (const status of [500, 502, 503, 599]) {
      expect(errorForStatus(status, 'down')).toMatchObject({ retry: 'backoff', status, userError: { code: 'server_error' } });
    }
  });

  it('any other status is shown with a bounded excerpt of the body and retried once', () => {
    const e = errorForStatus(400, 'x'.repeat(5000));
    expect(e.retry).toBe('once');
    expect(e.userError.code).toBe('handshake_rejected');
    expect(e.detail).toHaveLength(300);
    expect(e.userError.message.length).toBeLessThan(400);
    expect(e.userError.fix).toMatch(/endpoint/i);
  });
});

describe('errorForNetwork', () => {
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('DNS, refused and reset connections are "unreachable" and retried', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT']) {
      const e = errorForNetwork(withCode(code, `connect ${code} 127.0.0.1:1`));
      expect(e).toMatchObject({ retry: 'backoff', userError: { code: 'unreachable' } });
      expect(e.userError.message).toContain(code);
    }
  });

  it('certificate failures are told apart from outages (by code or by message)', () => {
    expect(errorForNetwork(withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')).userError.code).toBe('tls');
    expect(errorForNetwork(new Error('unable to verify the first certificate')).userError.code).toBe('tls');
    expect(errorForNetwork(withCode('ERR_TLS_CERT_ALTNAME_INVALID')).userError.fix).toMatch(/clock|proxy/i);
  });

  it('an invalid endpoint URL never retries', () => {
    expect(errorForNetwork(withCode('ERR_INVALID_URL', 'Invalid URL: wss//x'))).toMatchObject({ retry: 'never', userError: { code: 'bad_endpoint' } });
    // ws's own wording for an http:// or file:// endpoint: retrying would fail the same way forever.
    expect(errorForNetwork(new SyntaxError('The URL\'s protocol must be one of "ws:", "wss:", or "ws+unix:"'))).toMatchObject({ retry: 'never' });
    expect(errorForNetwork(new SyntaxError('protocol "http:" not supported'))).toMatchObject({ retry: 'never' });
  });

  it('anything thrown, not only Errors, becomes a readable failure', () => {
    const e = errorForNetwork('socket hang up');
    expect(e.userError).toMatchObject({ code: 'unreachable' });
    expect(e.userError.message).toContain('socket hang up');
    expect(errorForNetwork(undefined).userError.message).toContain('undefined');
  });
});

describe('timeouts and rejected settings', () => {
  it('a timeout says what did not happen and in how many seconds, and retries', () => {
    const e = errorForTimeout('confirm the session settings', 10_000);
    expect(e.retry).toBe('backoff');
    expect(e.userError.message).toBe('The server did not confirm the session settings within 10 s.');
  });

  it('rejected session settings name the parameter and never retry (the same settings would fail again)', () => {
    const e = errorForConfigRejected('unknown voice', 'session.audio.output.voice');
    expect(e.retry).toBe('never');
    expect(e.userError.message).toContain('session.audio.output.voice');
    expect(e.userError.message).toContain('unknown voice');
    expect(errorForConfigRejected('bad').userError.message).not.toContain('(');
  });
});
