import type { UserFacingError } from '../../../shared/conversation';

/**
 * Classification of connection failures (§1.7). Status codes and bodies are undocumented, so the
 * classes follow the reference's recommendation: 401/403 never retry, 429/5xx/network retry with
 * backoff, anything else is surfaced and retried once.
 */
export type RetryPolicy = 'never' | 'backoff' | 'once';

export class ConnectError extends Error {
  constructor(
    readonly userError: UserFacingError,
    readonly retry: RetryPolicy,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(userError.message);
    this.name = 'ConnectError';
  }
}

export function errorForStatus(status: number, body: string): ConnectError {
  const detail = body.slice(0, 300);
  if (status === 401 || status === 403) {
    // Same class (the user must change the key, retrying cannot help), but a 403 means the key was
    // recognised and lacks permission, so the advice differs from a mistyped key.
    const forbidden = status === 403;
    return new ConnectError(
      {
        code: 'bad_key',
        message: forbidden
          ? 'Inworld recognised the API key but it has no permission for the Realtime API (HTTP 403).'
          : `Inworld rejected the API key (HTTP ${status}).`,
        fix: forbidden
          ? 'Use a key from a workspace with Realtime API access (Inworld Portal → API Keys) and paste it in Settings.'
          : 'Paste the Base64 "Basic" key from the Inworld Portal\'s API Keys page in Settings.',
      },
      'never',
      status,
      detail,
    );
  }
  if (status === 429) {
    return new ConnectError(
      {
        code: 'rate_limited',
        message: 'Inworld refused the connection: too many sessions or requests (HTTP 429).',
        fix: 'Close other sessions using this key; the app keeps retrying with increasing delays.',
      },
      'backoff',
      status,
      detail,
    );
  }
  if (status >= 500) {
    return new ConnectError(
      {
        code: 'server_error',
        message: `The Inworld Realtime service failed to open a session (HTTP ${status}).`,
        fix: 'This is usually temporary; the app retries automatically.',
      },
      'backoff',
      status,
      detail,
    );
  }
  return new ConnectError(
    {
      code: 'handshake_rejected',
      message: `The server refused the connection (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
      fix: 'Check the endpoint URL in Settings.',
    },
    'once',
    status,
    detail,
  );
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** Classifies an error raised before the upgrade completed (DNS, TCP, TLS, bad URL). */
export function errorForNetwork(err: unknown): ConnectError {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const message = err instanceof Error ? err.message : String(err);
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) {
    return new ConnectError(
      {
        code: 'tls',
        message: `The secure connection to the server failed (${code || message}).`,
        fix: 'Check the system clock, proxy or antivirus that intercepts HTTPS, and the endpoint URL.',
      },
      'backoff',
      undefined,
      message,
    );
  }
  if (code === 'ERR_INVALID_URL' || /Invalid URL|protocol .* not supported|must be a ws|protocol must be one of/i.test(message)) {
    return new ConnectError(
      { code: 'bad_endpoint', message: `The endpoint URL is invalid (${message}).`, fix: 'Fix the endpoint URL in Settings.' },
      'never',
      undefined,
      message,
    );
  }
  return new ConnectError(
    {
      code: 'unreachable',
      message: `Cannot reach the Inworld Realtime service (${NETWORK_CODES.has(code) ? code : code || message}).`,
      fix: 'Check your internet connection; the app retries automatically.',
    },
    'backoff',
    undefined,
    message,
  );
}

export function errorForTimeout(what: string, ms: number): ConnectError {
  return new ConnectError(
    {
      code: 'timeout',
      message: `The server did not ${what} within ${Math.round(ms / 1000)} s.`,
      fix: 'Check your connection; the app retries automatically.',
    },
    'backoff',
  );
}

export function errorForConfigRejected(message: string, param?: string | null): ConnectError {
  return new ConnectError(
    {
      code: 'config_rejected',
      message: `The server rejected the session settings${param ? ` (${param})` : ''}: ${message}`,
      fix: 'Change the model, voice or transcription settings and reconnect.',
    },
    'never',
  );
}
