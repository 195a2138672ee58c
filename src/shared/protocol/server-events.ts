import { z } from 'zod';
import {
  ErrorObjectSchema,
  ItemSchema,
  RateLimitSchema,
  ResponseSchema,
  ServerSessionSchema,
  UsageSchema,
} from './objects';

/**
 * Zod schemas of every server event the client understands (reference §5.2–§5.10). Per §5.0 every
 * field except `type` may be absent on Inworld, so ids are optional here and the session falls back
 * to its own bookkeeping when they are missing. The only required payload fields are those without
 * which the event carries nothing (`delta` of a delta event, `error` of an error event).
 */

const optStr = z.string().nullish();
const optInt = z.number().nullish();

function ev<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), event_id: optStr, ...shape });
}

/** Fields shared by the streamed-content events of §5.7. */
const contentRef = {
  response_id: optStr,
  item_id: optStr,
  output_index: optInt,
  content_index: optInt,
};

export const serverEventSchemas = [
  // §5.2 session and errors
  ev('session.created', { session: ServerSessionSchema.nullish() }),
  ev('session.updated', { session: ServerSessionSchema.nullish() }),
  ev('error', { error: ErrorObjectSchema }),
  // §5.3 conversation items
  ev('conversation.item.added', { item: ItemSchema, previous_item_id: optStr }),
  ev('conversation.item.done', { item: ItemSchema, previous_item_id: optStr }),
  ev('conversation.item.retrieved', { item: ItemSchema }),
  ev('conversation.item.deleted', { item_id: optStr }),
  ev('conversation.item.truncated', { item_id: optStr, content_index: optInt, audio_end_ms: optInt }),
  ev('conversation.item.input_audio_transcription.delta', { item_id: optStr, content_index: optInt, delta: z.string() }),
  ev('conversation.item.input_audio_transcription.completed', {
    item_id: optStr,
    content_index: optInt,
    transcript: optStr,
    providerData: z.record(z.string(), z.unknown()).nullish(),
  }),
  ev('conversation.item.input_audio_transcription.failed', {
    item_id: optStr,
    content_index: optInt,
    error: ErrorObjectSchema.nullish(),
  }),
  // §5.4 input audio buffer
  ev('input_audio_buffer.speech_started', { item_id: optStr, audio_start_ms: optInt }),
  ev('input_audio_buffer.speech_stopped', { item_id: optStr, audio_end_ms: optInt }),
  ev('input_audio_buffer.committed', { item_id: optStr, previous_item_id: optStr }),
  ev('input_audio_buffer.cleared', {}),
  ev('input_audio_buffer.timeout_triggered', { item_id: optStr, audio_start_ms: optInt, audio_end_ms: optInt }),
  // §5.5 output audio buffer
  ev('output_audio_buffer.started', { response_id: optStr }),
  ev('output_audio_buffer.stopped', { response_id: optStr }),
  ev('output_audio_buffer.cleared', { response_id: optStr }),
  // §5.6 response lifecycle
  ev('response.created', { response: ResponseSchema }),
  ev('response.output_item.added', { response_id: optStr, output_index: optInt, item: ItemSchema }),
  ev('response.output_item.done', { response_id: optStr, output_index: optInt, item: ItemSchema }),
  ev('response.content_part.added', { ...contentRef, part: z.object({ type: z.string() }).loose().nullish() }),
  ev('response.content_part.done', {
    ...contentRef,
    part: z.object({ type: z.string(), text: optStr, transcript: optStr }).nullish(),
  }),
  // §4.4: usage may also sit at the top level of response.done.
  ev('response.done', { response: ResponseSchema, usage: UsageSchema.nullish() }),
  // §5.7 streamed content
  ev('response.output_audio.delta', { ...contentRef, delta: z.string() }),
  ev('response.output_audio.done', contentRef),
  ev('response.output_audio_transcript.delta', { ...contentRef, delta: z.string() }),
  ev('response.output_audio_transcript.done', { ...contentRef, transcript: optStr }),
  ev('response.output_text.delta', { ...contentRef, delta: z.string() }),
  ev('response.output_text.done', { ...contentRef, text: optStr }),
  ev('response.function_call_arguments.delta', {
    response_id: optStr,
    item_id: optStr,
    output_index: optInt,
    call_id: optStr,
    delta: z.string(),
  }),
  ev('response.function_call_arguments.done', {
    response_id: optStr,
    item_id: optStr,
    output_index: optInt,
    call_id: optStr,
    name: optStr,
    arguments: optStr,
  }),
  // §5.8
  ev('rate_limits.updated', { rate_limits: z.array(RateLimitSchema).nullish() }),
  // §5.9 Inworld extras
  ev('ping', { timestamp: optInt }),
  ev('response.backchannel.audio.delta', { backchannel_id: optStr, delta: z.string() }),
  ev('response.backchannel.audio.done', { backchannel_id: optStr, phrase: optStr }),
  ev('response.backchannel.skipped', { reason: optStr }),
  // §5.10
  ev('conversation.created', { conversation: z.unknown().optional() }),
] as const;

export const ServerEventSchema = z.discriminatedUnion('type', serverEventSchemas);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

/** Every canonical server event type the client understands. */
export const SERVER_EVENT_TYPES: ReadonlySet<string> = new Set(serverEventSchemas.map((s) => s.shape.type.value));

/**
 * Older OpenAI names (§5.10) mapped to the canonical GA names, so that one code path handles both.
 * `response.audio.delta` is accepted by Inworld's own sample; the others are cheap insurance.
 */
export const SERVER_EVENT_ALIASES: Readonly<Record<string, ServerEventType>> = {
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio.done': 'response.output_audio.done',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.audio_transcript.done': 'response.output_audio_transcript.done',
  'response.text.delta': 'response.output_text.delta',
  'response.text.done': 'response.output_text.done',
  'conversation.item.created': 'conversation.item.added',
};
