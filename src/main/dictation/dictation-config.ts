import type { ClientEvent, SessionConfig } from '../../shared/protocol/client-events';
import { SAMPLE_RATE } from '../../shared/audio-format';

/**
 * The `session.update` of a dictation connection (§2.8): manual turns (`turn_detection: null`), a
 * transcription model with the user's vocabulary as its prompt, text-only output, no tools and
 * `tool_choice: "none"`, so that even the fallback response is cheap, silent and cannot act.
 * This connection never carries the assistant's conversation.
 */
export interface DictationConfigOptions {
  model: string;
  transcriptionModel: string;
  /** ISO code; empty or absent = let the service detect it. */
  language?: string;
  /** Words the user dictates often (names, jargon); becomes `transcription.prompt`. */
  vocabulary?: string;
}

export const DICTATION_INSTRUCTIONS = 'You are a dictation engine. Never reply.';

/** Vocabulary as a transcription prompt: one line, bounded, never empty. */
export function vocabularyPrompt(vocabulary: string | undefined): string | undefined {
  const words = (vocabulary ?? '')
    .split(/[\n,;]+/)
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length === 0) return undefined;
  return `Vocabulary: ${words.join(', ')}.`.slice(0, 1000);
}

export function dictationSessionConfig(o: DictationConfigOptions): SessionConfig {
  const prompt = vocabularyPrompt(o.vocabulary);
  const language = o.language?.trim();
  return {
    type: 'realtime',
    model: o.model,
    instructions: DICTATION_INSTRUCTIONS,
    output_modalities: ['text'],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: SAMPLE_RATE },
        transcription: {
          model: o.transcriptionModel,
          ...(language ? { language } : {}),
          ...(prompt ? { prompt } : {}),
        },
        turn_detection: null,
      },
    },
    tools: [],
    tool_choice: 'none',
    providerData: { auto_tool_response: false },
  };
}

/** §2.8 fallback for a service that transcribes only while answering: a one-period reply, discarded. */
export const FALLBACK_RESPONSE: ClientEvent = {
  type: 'response.create',
  response: { output_modalities: ['text'], instructions: 'Reply with a single period.' },
};
