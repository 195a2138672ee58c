import { SERVER_EVENT_ALIASES, SERVER_EVENT_TYPES, ServerEventSchema, type ServerEvent } from './server-events';

/**
 * Turns one text frame from the server into a typed event, or says why it is not one. Never throws:
 * per §1.6 a malformed, unknown or non-event frame is reported to the caller, who logs and skips it.
 */

/** Frames larger than this are not parsed at all (an audio delta is a few KB; 15 MiB is OpenAI's append cap). */
export const MAX_SERVER_FRAME_CHARS = 16 * 1024 * 1024;

export type ParseFailureKind =
  /** Not JSON, not an object, oversize, or a known type with a bad payload. */
  | 'malformed'
  /** A string `type` the client does not know (§1.6: ignore, debug log). */
  | 'unknown'
  /** An object without a string `type` (§1.6: not an event, drop). */
  | 'not-event'
  /** The legacy `{"errorType": …}` notice (§1.6, §7.2: log, warn if repeated). */
  | 'error-type-frame';

export type ParseResult =
  | { ok: true; event: ServerEvent; /** The wire name when it was an alias (§5.10). */ alias?: string }
  | { ok: false; kind: ParseFailureKind; reason: string; type?: string; errorType?: string };

export function parseServerEvent(raw: string): ParseResult {
  if (typeof raw !== 'string') return { ok: false, kind: 'malformed', reason: 'frame is not text' };
  if (raw.length > MAX_SERVER_FRAME_CHARS) {
    return { ok: false, kind: 'malformed', reason: `frame of ${raw.length} chars exceeds ${MAX_SERVER_FRAME_CHARS}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, kind: 'malformed', reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, kind: 'malformed', reason: 'frame is not a JSON object' };
  }
  const obj = json as Record<string, unknown>;
  if (typeof obj.type !== 'string') {
    if (typeof obj.errorType === 'string') {
      return { ok: false, kind: 'error-type-frame', reason: `legacy error frame ${obj.errorType}`, errorType: obj.errorType };
    }
    return { ok: false, kind: 'not-event', reason: 'frame has no string "type"' };
  }
  const wireType = obj.type;
  const canonical = SERVER_EVENT_ALIASES[wireType] ?? wireType;
  if (!SERVER_EVENT_TYPES.has(canonical)) {
    return { ok: false, kind: 'unknown', reason: `unknown event type ${wireType}`, type: wireType };
  }
  const candidate = canonical === wireType ? obj : { ...obj, type: canonical };
  const parsed = ServerEventSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
    return { ok: false, kind: 'malformed', reason: `bad ${wireType}: ${where}`, type: wireType };
  }
  return canonical === wireType ? { ok: true, event: parsed.data } : { ok: true, event: parsed.data, alias: wireType };
}
