/**
 * Types of the eleven client events (reference §5.1) and of the session configuration the client
 * sends (§2.3–§2.5). These are only ever built by our own code, so plain types suffice; the
 * simulator validates them strictly on the other end.
 */

export interface AudioFormat {
  type: 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';
  rate?: number;
}

export type TurnDetection =
  | {
      type: 'semantic_vad';
      eagerness?: 'low' | 'medium' | 'high' | 'auto';
      create_response?: boolean;
      interrupt_response?: boolean;
    }
  | {
      type: 'server_vad';
      threshold?: number;
      prefix_padding_ms?: number;
      silence_duration_ms?: number;
      create_response?: boolean;
      interrupt_response?: boolean;
    };

export interface FunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A (partial) session as sent in `session.update.session`. Never send `modelId` (§2.3). */
export interface SessionConfig {
  type?: 'realtime';
  model?: string;
  instructions?: string;
  output_modalities?: Array<'audio' | 'text'>;
  temperature?: number;
  max_output_tokens?: number | 'inf';
  tools?: FunctionTool[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; name: string };
  audio?: {
    input?: {
      format?: AudioFormat;
      transcription?: { model: string; language?: string; prompt?: string } | null;
      turn_detection?: TurnDetection | null;
    };
    output?: {
      format?: AudioFormat;
      voice?: string;
      model?: string;
      speed?: number;
    };
  };
  providerData?: {
    auto_tool_response?: boolean;
    tts?: Record<string, unknown>;
    stt?: Record<string, unknown>;
    [branch: string]: unknown;
  };
}

export type ClientMessageContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio: string }
  | { type: 'text'; text: string }
  | { type: 'output_text'; text: string };

export type ClientItem =
  | { type: 'message'; role: 'user' | 'system' | 'assistant'; content: ClientMessageContent[]; id?: string }
  | { type: 'function_call_output'; call_id: string; output: string; id?: string };

interface Envelope {
  event_id?: string;
}

export interface SessionUpdateEvent extends Envelope {
  type: 'session.update';
  session: SessionConfig;
}
export interface InputAudioBufferAppendEvent extends Envelope {
  type: 'input_audio_buffer.append';
  audio: string;
}
export interface InputAudioBufferCommitEvent extends Envelope {
  type: 'input_audio_buffer.commit';
}
export interface InputAudioBufferClearEvent extends Envelope {
  type: 'input_audio_buffer.clear';
}
export interface OutputAudioBufferClearEvent extends Envelope {
  type: 'output_audio_buffer.clear';
}
export interface ConversationItemCreateEvent extends Envelope {
  type: 'conversation.item.create';
  item: ClientItem;
  previous_item_id?: string;
}
export interface ConversationItemTruncateEvent extends Envelope {
  type: 'conversation.item.truncate';
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}
export interface ConversationItemDeleteEvent extends Envelope {
  type: 'conversation.item.delete';
  item_id: string;
}
export interface ConversationItemRetrieveEvent extends Envelope {
  type: 'conversation.item.retrieve';
  item_id: string;
}
export interface ResponseCreateEvent extends Envelope {
  type: 'response.create';
  response?: { output_modalities?: Array<'audio' | 'text'>; instructions?: string };
}
export interface ResponseCancelEvent extends Envelope {
  type: 'response.cancel';
  response_id?: string;
}

export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | OutputAudioBufferClearEvent
  | ConversationItemCreateEvent
  | ConversationItemTruncateEvent
  | ConversationItemDeleteEvent
  | ConversationItemRetrieveEvent
  | ResponseCreateEvent
  | ResponseCancelEvent;

export type ClientEventType = ClientEvent['type'];

export const CLIENT_EVENT_TYPES: readonly ClientEventType[] = [
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'output_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.truncate',
  'conversation.item.delete',
  'conversation.item.retrieve',
  'response.create',
  'response.cancel',
];
