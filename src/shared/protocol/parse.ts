import { SERVER_EVENT_ALIASES, SERVER_EVENT_TYPES, ServerEventSchema, type ServerEvent, type ServerEventOf } from './server-events';

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
  if (CONTENT_DELTA_TYPES.has(canonical)) {
    const event = contentDeltaOf(canonical as ContentDeltaType, obj);
    if (event) return canonical === wireType ? { ok: true, event } : { ok: true, event, alias: wireType };
    // Not well-formed: the schema below says precisely why.
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

const CONTENT_DELTA_KEYS: ReadonlySet<string> = new Set(['type', 'event_id', 'response_id', 'item_id', 'output_index', 'content_index', 'delta']);
const isOptStr = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const isOptNum = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

type ContentDeltaType = 'response.output_audio.delta' | 'response.output_audio_transcript.delta' | 'response.output_text.delta';
const CONTENT_DELTA_TYPES: ReadonlySet<string> = new Set<ContentDeltaType>([
  'response.output_audio.delta',
  'response.output_audio_transcript.delta',
  'response.output_text.delta',
]);

/**
 * Streamed content deltas are nearly everything a session receives (audio 25 a second while the
 * assistant speaks, a transcript delta beside each), so they are checked by hand against exactly
 * what their schema in server-events.ts accepts (`contentRef` + a string `delta`), and returned
 * with only the schema's keys, as zod's parse would. Anything malformed goes through zod, which
 * says why.
 */
function contentDeltaOf<T extends ContentDeltaType>(type: T, o: Record<string, unknown>): ServerEventOf<T> | undefined {
  const { event_id, response_id, item_id, output_index, content_index, delta } = o;
  if (typeof delta !== 'string' || !isOptStr(event_id) || !isOptStr(response_id) || !isOptStr(item_id)) return undefined;
  if (!isOptNum(output_index) || !isOptNum(content_index)) return undefined;
  // The usual frame has only the schema's keys: it is the event as it is, no copy.
  let extra = false;
  for (const k in o) {
    if (!CONTENT_DELTA_KEYS.has(k)) {
      extra = true;
      break;
    }
  }
  if (!extra) {
    if (o.type !== type) o.type = type;
    return o as ServerEventOf<T>;
  }
  const ev: Record<string, unknown> = { type, delta };
  if (event_id !== undefined) ev.event_id = event_id;
  if (response_id !== undefined) ev.response_id = response_id;
  if (item_id !== undefined) ev.item_id = item_id;
  if (output_index !== undefined) ev.output_index = output_index;
  if (content_index !== undefined) ev.content_index = content_index;
  return ev as ServerEventOf<T>;
}
