import type { Usage } from '../../../shared/protocol/objects';
import type { TokenUsage } from '../../../shared/conversation';
import { SampleAligner } from '../wire/pcm';

/**
 * Bookkeeping for one response and its assistant items. Kept separate from the conversation model
 * so the interruption logic (played vs received audio, late-delta dropping) has one home.
 */

export type TextSource = 'text' | 'transcript';

export interface AssistantItemState {
  itemId: string;
  responseId: string;
  text: string;
  /** Once a final text arrived from a `.done` event or the item itself, deltas no longer change it. */
  finalText: boolean;
  /** Bytes of audio received (whole samples only); bounds truncation. */
  receivedBytes: number;
  aligner: SampleAligner;
  hasAudio: boolean;
  /** Index of the audio content part, for `conversation.item.truncate` (normally 0). */
  audioContentIndex: number;
  audioDone: boolean;
  interrupted: boolean;
  heardMs?: number;
  createdAt: number;
  final: boolean;
}

export interface FunctionCallState {
  callId: string;
  itemId?: string;
  responseId?: string;
  name?: string;
  argumentsJson: string;
  argsDone: boolean;
}

export interface ResponseState {
  id: string;
  done: boolean;
  /** Stopped by the user: every later delta of it is dropped (§6.6). */
  interrupted: boolean;
  /** §5.7 duplicate text: the first of text / transcript deltas to arrive is displayed. */
  displaySource: TextSource | null;
  itemIds: string[];
  callIds: string[];
  firstOutputAt?: number;
  hadAudio: boolean;
  createdAt: number;
}

export function newResponseState(id: string, now: number): ResponseState {
  return { id, done: false, interrupted: false, displaySource: null, itemIds: [], callIds: [], hadAudio: false, createdAt: now };
}

export function newAssistantItem(itemId: string, responseId: string, now: number): AssistantItemState {
  return {
    itemId,
    responseId,
    text: '',
    finalText: false,
    receivedBytes: 0,
    aligner: new SampleAligner(),
    hasAudio: false,
    audioContentIndex: 0,
    audioDone: false,
    interrupted: false,
    createdAt: now,
    final: false,
  };
}

/** Picks the displayed text from final item content, preferring the response's display source (§4.2 both spellings). */
export function textFromContent(
  content: ReadonlyArray<{ type: string; text?: string | null; transcript?: string | null }> | null | undefined,
  prefer: TextSource | null,
): string | undefined {
  if (!content) return undefined;
  let text: string | undefined;
  let transcript: string | undefined;
  for (const part of content) {
    if ((part.type === 'text' || part.type === 'output_text' || part.type === 'input_text') && typeof part.text === 'string') {
      text = (text ?? '') + part.text;
    }
    if ((part.type === 'audio' || part.type === 'output_audio' || part.type === 'input_audio') && typeof part.transcript === 'string') {
      transcript = (transcript ?? '') + part.transcript;
    }
  }
  if (prefer === 'text') return text ?? transcript;
  return transcript ?? text;
}

export function toUsage(u: Usage | null | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  const out: TokenUsage = {};
  if (typeof u.input_tokens === 'number') out.inputTokens = u.input_tokens;
  if (typeof u.output_tokens === 'number') out.outputTokens = u.output_tokens;
  if (typeof u.total_tokens === 'number') out.totalTokens = u.total_tokens;
  return Object.keys(out).length ? out : undefined;
}
