import { z } from 'zod';

/**
 * Zod schemas of the objects carried inside server events (reference §4). Everything here is
 * lenient: unknown keys are ignored (zod strips them), every field the reference marks as possibly
 * absent on Inworld is optional, and `null` is accepted wherever the reference shows it. Only what
 * the client cannot do without is required.
 */

const str = z.string();
const optStr = z.string().nullish();
const optInt = z.number().nullish();

/** §4.2 content parts. Both spellings of assistant parts are accepted (Inworld `audio`/`text`, GA `output_*`). */
export const ContentPartSchema = z.object({
  type: str,
  text: optStr,
  transcript: optStr,
  audio: optStr,
});
export type ContentPart = z.infer<typeof ContentPartSchema>;

/** True for an assistant audio part in either spelling. */
export function isAudioPart(part: { type: string }): boolean {
  return part.type === 'audio' || part.type === 'output_audio';
}

/** True for an assistant text part in either spelling. */
export function isTextPart(part: { type: string }): boolean {
  return part.type === 'text' || part.type === 'output_text';
}

/** §4.1 item. `id` is optional because an item without one can still be displayed from its response. */
export const ItemSchema = z.object({
  id: optStr,
  object: optStr,
  type: str,
  status: optStr,
  role: optStr,
  content: z.array(ContentPartSchema).nullish(),
  call_id: optStr,
  name: optStr,
  arguments: optStr,
  output: optStr,
});
export type Item = z.infer<typeof ItemSchema>;

/** §4.4 usage; the detail objects are kept loosely because nothing in the app depends on them. */
export const UsageSchema = z.object({
  total_tokens: optInt,
  input_tokens: optInt,
  output_tokens: optInt,
  input_token_details: z.record(z.string(), z.unknown()).nullish(),
  output_token_details: z.record(z.string(), z.unknown()).nullish(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ResponseStatusSchema = z.string();

/** §4.3 response. `output` items are validated one by one so a single odd item does not sink the event. */
export const ResponseSchema = z.object({
  id: optStr,
  object: optStr,
  status: optStr,
  status_details: z
    .object({
      type: optStr,
      reason: optStr,
      error: z.object({ type: optStr, code: optStr, message: optStr }).nullish(),
    })
    .nullish(),
  output: z.array(ItemSchema).nullish(),
  conversation_id: optStr,
  output_modalities: z.array(z.string()).nullish(),
  usage: UsageSchema.nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type Response = z.infer<typeof ResponseSchema>;

/** §4.5 error object. `message` is documented as required but a missing one costs nothing to tolerate. */
export const ErrorObjectSchema = z.object({
  type: optStr,
  code: optStr,
  message: optStr,
  param: optStr,
  event_id: optStr,
});
export type ErrorObject = z.infer<typeof ErrorObjectSchema>;

/**
 * §2.3 session as echoed by the server. Only what the client reads is typed; the rest passes
 * through untouched so it can be logged.
 */
export const ServerSessionSchema = z.looseObject({
  id: optStr,
  model: optStr,
  instructions: optStr,
  output_modalities: z.array(z.string()).nullish(),
  expires_at: optInt,
  audio: z
    .looseObject({
      input: z.looseObject({ turn_detection: z.looseObject({ type: optStr }).nullish() }).nullish(),
      output: z.looseObject({ voice: optStr, model: optStr }).nullish(),
    })
    .nullish(),
});
export type ServerSession = z.infer<typeof ServerSessionSchema>;

/** §5.8 rate limit entry. */
export const RateLimitSchema = z.object({
  name: optStr,
  limit: optInt,
  remaining: optInt,
  reset_seconds: optInt,
});
