// Envelope and per-event structural checks for client frames (rules 1–8 of §7.4). Item contents
// and session values get their own, deeper checks (items.ts, session-config.ts).

import { maxTokensShape, modalitiesShape, sessionShape, toolChoiceShape } from './session-config.js';
import { SimError, arr, checkFields, int, isPlainObject, nullable, obj, req, str, type Field } from './shape.js';

const formatOrVoice: Field = obj({ format: obj({}, true), voice: str() });

/** The eleven client event types of §5.1 and their fields (besides `type` and `event_id`). */
export const CLIENT_EVENTS: Record<string, Record<string, Field>> = {
  'session.update': { session: req(obj({}, true)) }, // deep check in session-config.ts
  'input_audio_buffer.append': { audio: req(str()) },
  'input_audio_buffer.commit': {},
  'input_audio_buffer.clear': {},
  'output_audio_buffer.clear': {},
  'conversation.item.create': { item: req(obj({}, true)), previous_item_id: nullable(str()) }, // deep check in items.ts
  'conversation.item.truncate': { item_id: req(str()), content_index: req(int(0)), audio_end_ms: req(int(0)) },
  'conversation.item.delete': { item_id: req(str()) },
  'conversation.item.retrieve': { item_id: req(str()) },
  'response.create': {
    response: obj({
      output_modalities: modalitiesShape,
      instructions: str(),
      audio: obj({ output: formatOrVoice }),
      tools: (sessionShape.kind === 'object' && sessionShape.fields?.tools) || arr(),
      tool_choice: toolChoiceShape,
      max_output_tokens: maxTokensShape,
      metadata: nullable(obj({}, true)),
      conversation: str({ enum: ['auto', 'none'] }),
      input: arr(),
    }),
  },
  'response.cancel': { response_id: str() },
};

export interface ClientEvent {
  type: string;
  event_id?: string;
  [k: string]: unknown;
}

/** Best-effort event_id for error correlation, even when the rest of the event is invalid. */
export function eventIdOf(raw: unknown): string | null {
  return isPlainObject(raw) && typeof raw.event_id === 'string' ? raw.event_id : null;
}

/** Parses one text frame into a structurally valid client event, or throws the §7.4 error. */
export function parseClientFrame(text: string, strict: boolean): ClientEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SimError('invalid_json', 'Failed to parse message', null);
  }
  return validateClientEvent(raw, strict);
}

export function validateClientEvent(raw: unknown, strict: boolean): ClientEvent {
  if (!isPlainObject(raw) || typeof raw.type !== 'string') {
    throw new SimError('missing_required_parameter', "Client events must be JSON objects with a string 'type'", 'type');
  }
  if (raw.event_id !== undefined && typeof raw.event_id !== 'string') {
    throw new SimError('invalid_type', 'event_id must be a string', 'event_id');
  }
  const fields = CLIENT_EVENTS[raw.type];
  if (!fields) throw new SimError('invalid_value', `Unknown client event type ${JSON.stringify(raw.type)}`, 'type');
  checkFields(raw, { type: str(), event_id: str(), ...fields }, '', strict);
  return raw as ClientEvent;
}
