import { randomUUID } from 'node:crypto';

/**
 * Builds the connection URL (§1.1): `key` is a fresh `desk-<uuid>` for every connection (never
 * reused, not even on reconnect, §6.8) and `protocol=realtime`. Query parameters already on the
 * configured endpoint are preserved — the simulator uses them to pick scenarios and faults.
 */
export function newSessionKey(): string {
  return `desk-${randomUUID()}`;
}

export function buildSessionUrl(endpoint: string, key: string = newSessionKey()): string {
  const url = new URL(endpoint);
  url.searchParams.set('key', key);
  url.searchParams.set('protocol', 'realtime');
  return url.toString();
}

/** `Basic <key>` verbatim (§1.2: the portal value is already Base64; it is not encoded again). */
export function authorizationHeader(apiKey: string): string {
  return `Basic ${apiKey.trim()}`;
}
