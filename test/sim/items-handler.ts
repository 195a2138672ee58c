// conversation.item.create / truncate / delete / retrieve (§5.1.6–5.1.9, rules 16–25 of §7.4).

import { msOf } from './audio.js';
import type { ClientEvent } from './client-events.js';
import type { Json } from './session-config.js';
import type { SimSession } from './session.js';
import { SimError } from './shape.js';
import { wireItem } from './wire-items.js';

export function handleItemEvent(s: SimSession, ev: ClientEvent): void {
  switch (ev.type) {
    case 'conversation.item.create':
      return create(s, ev);
    case 'conversation.item.truncate':
      return truncate(s, ev.item_id as string, ev.content_index as number, ev.audio_end_ms as number);
    case 'conversation.item.delete': {
      const id = ev.item_id as string;
      if (!s.conversation.delete(id)) throw new SimError('item_not_found', `Item ${id} not found`, 'item_id');
      s.send({ type: 'conversation.item.deleted', item_id: id });
      return;
    }
    case 'conversation.item.retrieve': {
      const id = ev.item_id as string;
      const state = s.conversation.get(id);
      if (!state) throw new SimError('item_not_found', `Item ${id} not found`, 'item_id');
      const item = structuredClone(state.item);
      // OpenAI's retrieve includes the audio bytes (user input audio, assistant output audio).
      const part = Array.isArray(item.content) ? (item.content[0] as Record<string, Json> | undefined) : undefined;
      if (part && state.audio.length > 0 && ['input_audio', 'audio'].includes(part.type as string)) {
        part.audio = Buffer.concat(state.audio).toString('base64');
      }
      s.send({ type: 'conversation.item.retrieved', item: wireItem(item, s.sw, true) });
      return;
    }
    default:
      throw new Error(`unhandled event ${ev.type}`);
  }
}

function create(s: SimSession, ev: ClientEvent): void {
  const previous = ev.previous_item_id as string | null | undefined;
  const item = s.conversation.validateCreate(ev.item, previous, s.view.inputFormat, s.sw.strict, () => s.ids.next('item'));
  const prev = s.conversation.add(item, previous ?? null);
  const state = s.conversation.get(item.id);
  if (state && item.type === 'message') {
    for (const part of item.content as Record<string, Json>[]) {
      // Stored for retrieve; added/done events never carry audio bytes.
      if (part.type === 'input_audio' && typeof part.audio === 'string') {
        state.audio.push(Buffer.from(part.audio, 'base64'));
        delete part.audio;
      }
    }
  }
  s.send({ type: 'conversation.item.added', previous_item_id: prev, item: wireItem(item, s.sw) });
  s.send({ type: 'conversation.item.done', previous_item_id: prev, item: wireItem(item, s.sw) });

  // Any new item (user text, tool output) starts a new reason to respond, so a later
  // response.create no longer duplicates the VAD turn's response.
  s.vadResponsePending = false;
  if (item.type === 'message' && item.role === 'user') {
    // §6.4: creating an item never starts a response; lint if the client forgets to ask for one.
    s.disarmItemLint?.();
    s.disarmItemLint = s.lint.expect('item-without-response', ev.event_id ?? null);
  }
  if (item.type === 'function_call_output') {
    s.toolBatch?.pending.delete(item.call_id as string);
    const auto = s.sw.autoToolResponse === 'always' || s.view.autoToolResponse;
    if (auto && !s.active && (s.toolBatch?.pending.size ?? 0) === 0) {
      s.toolBatch = null;
      s.startResponse({}, 'auto-tool');
    }
  }
}

function truncate(s: SimSession, itemId: string, contentIndex: number, audioEndMs: number): void {
  const state = s.conversation.get(itemId);
  if (!state) throw new SimError('item_not_found', `Item ${itemId} not found`, 'item_id');
  const item = state.item;
  if (item.type !== 'message' || item.role !== 'assistant') {
    throw new SimError('invalid_item_type', `Item ${itemId} is not an assistant message`, 'item_id');
  }
  const part = (item.content as Record<string, Json>[])[contentIndex];
  if (!part || !['audio', 'output_audio'].includes(part.type as string)) {
    throw new SimError('invalid_value', `content_index ${contentIndex} of ${itemId} is not an audio part`, 'content_index');
  }
  const fmt = state.audioFormat ?? s.view.outputFormat;
  const deliveredMs = Math.ceil(msOf(state.audioBytes, fmt));
  if (audioEndMs > deliveredMs) {
    throw new SimError('invalid_value', `audio_end_ms ${audioEndMs} exceeds the ${deliveredMs} ms of audio delivered for ${itemId}`, 'audio_end_ms');
  }
  if (s.sw.pacing === 'realtime' && state.firstDeltaAt !== null) {
    const playable = performance.now() - state.firstDeltaAt + s.sw.truncateToleranceMs;
    if (audioEndMs > playable) {
      throw new SimError(
        'invalid_value',
        `audio_end_ms ${audioEndMs} is more than could have been played (${Math.floor(playable)} ms since the first delta, tolerance included)`,
        'audio_end_ms',
      );
    }
  }
  // Trim the transcript to the share of the audio that was heard (§5.1.7), as the prototype did.
  const transcript = typeof part.transcript === 'string' ? part.transcript : '';
  const totalMs = state.totalAudioMs ?? deliveredMs;
  const keep = totalMs > 0 ? Math.round((transcript.length * Math.min(audioEndMs, totalMs)) / totalMs) : 0;
  part.transcript = transcript.slice(0, keep);
  s.disarmTruncateLint.get(itemId)?.();
  s.disarmTruncateLint.delete(itemId);
  s.send({ type: 'conversation.item.truncated', item_id: itemId, content_index: contentIndex, audio_end_ms: audioEndMs });
}
