/**
 * The test host's WebSocket framing, shared by the Node host and the in-page bridge script (so it
 * must not import node:*). JSON text frames carry calls, results and events; binary frames carry
 * audio messages: [u32 LE header length][header JSON][raw PCM bytes], where the header is the
 * message without its `pcm` field. PCM is never base64 on this link either.
 */
import type { CallResult } from '../../src/shared/ipc/call-result';

export const HOST_WS_PATH = '/__host/ws';
export const HOST_BRIDGE_PATH = '/__host/bridge.js';
/** Cookie carrying the host's per-run token (HttpOnly: the page's scripts never see it). */
export const HOST_TOKEN_COOKIE = '__host_token';
/** `?__host_token=…` on any page URL sets the cookie and redirects (for a human opening `npm run host`). */
export const HOST_TOKEN_QUERY = '__host_token';

export type ClientFrame = { t: 'call'; id: number; name: string; input: unknown };
export type HostFrame =
  | { t: 'result'; id: number; result: CallResult }
  | { t: 'event'; name: string; payload: unknown };

export function encodeAudio(message: { pcm?: ArrayBuffer } & Record<string, unknown>): ArrayBuffer {
  const { pcm, ...header } = message;
  const head = new TextEncoder().encode(JSON.stringify(header));
  const body = pcm ? new Uint8Array(pcm) : new Uint8Array(0);
  const out = new Uint8Array(4 + head.byteLength + body.byteLength);
  new DataView(out.buffer).setUint32(0, head.byteLength, true);
  out.set(head, 4);
  out.set(body, 4 + head.byteLength);
  return out.buffer;
}

/** Returns undefined for a malformed frame (the host drops it rather than crashing). */
export function decodeAudio(data: ArrayBuffer | Uint8Array): Record<string, unknown> | undefined {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 4) return undefined;
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (len > bytes.byteLength - 4 || len > 64 * 1024) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len)));
  } catch {
    return undefined;
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return undefined;
  const msg = header as Record<string, unknown>;
  const rest = bytes.subarray(4 + len);
  // Only PCM-carrying kinds get a buffer; copy into a fresh ArrayBuffer the receiver owns.
  if (msg.kind === 'mic' || msg.kind === 'out') msg.pcm = rest.slice().buffer;
  return msg;
}
