import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerEvent, MAX_SERVER_FRAME_CHARS } from '../../../src/shared/protocol/parse';
import { SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-events';
import { isBenignErrorCode } from '../../../src/shared/protocol/error-codes';
import { isAudioPart, isTextPart } from '../../../src/shared/protocol/objects';

/** The server events Inworld's reference lists (§5.2–§5.8 of the protocol reference). */
const REFERENCE_SERVER_EVENTS = [
  'session.created', 'session.updated', 'error',
  'conversation.item.added', 'conversation.item.done', 'conversation.item.retrieved', 'conversation.item.deleted',
  'conversation.item.truncated', 'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.committed',
  'input_audio_buffer.cleared', 'input_audio_buffer.timeout_triggered',
  'output_audio_buffer.started', 'output_audio_buffer.stopped', 'output_audio_buffer.cleared',
  'response.created', 'response.output_item.added', 'response.output_item.done', 'response.content_part.added',
  'response.content_part.done', 'response.done', 'response.output_audio.done',
  'response.output_audio_transcript.delta', 'response.output_audio_transcript.done', 'response.output_text.delta',
  'response.output_text.done', 'response.function_call_arguments.delta', 'response.function_call_arguments.done',
  'rate_limits.updated',
];
/** Not in that list but known: the audio delta every client uses, Inworld extras (§5.9), tolerated OpenAI/Pipecat events. */
const BEYOND_REFERENCE = [
  'response.output_audio.delta', 'ping', 'response.backchannel.audio.delta', 'response.backchannel.audio.done',
  'response.backchannel.skipped', 'conversation.item.input_audio_transcription.failed', 'conversation.created',
];
// Kept beside this repository (../shared/protocol); the cross-check is skipped where it is absent.
const REFERENCE_PATH = join(__dirname, '../../../docs/protocol/inworld-realtime.md');

const ok = (frame: object) => {
  const r = parseServerEvent(JSON.stringify(frame));
  if (!r.ok) throw new Error(`expected ok, got ${r.kind}: ${r.reason}`);
  return r;
};

describe('parseServerEvent', () => {
  it('knows exactly the 32 reference events plus the audio delta, Inworld extras and tolerated OpenAI events', () => {
    // The set must be exact: a missing type would be skipped as unknown, an extra one is untested surface.
    expect(new Set(REFERENCE_SERVER_EVENTS).size).toBe(32);
    expect([...SERVER_EVENT_TYPES].sort()).toEqual([...REFERENCE_SERVER_EVENTS, ...BEYOND_REFERENCE].sort());
  });

  it.skipIf(!existsSync(REFERENCE_PATH))('REFERENCE_SERVER_EVENTS is the catalogue of §5.2–§5.8 of the protocol reference', () => {
    // Headings `#### \`type\`` and the §5.5 table rows; the audio delta heading says it is not in Inworld's list.
    const text = readFileSync(REFERENCE_PATH, 'utf8');
    const catalogue = text.slice(text.indexOf('### 5.2 Server events'), text.indexOf('### 5.9 Server events'));
    const listed: string[] = [];
    for (const line of catalogue.split('\n')) {
      const heading = /^#### `([a-z_.]+)`(.*)$/.exec(line);
      if (heading && !/not in Inworld/.test(heading[2] ?? '')) listed.push(heading[1] as string);
      const row = /^\| `([a-z_.]+)` \|/.exec(line);
      if (row) listed.push(row[1] as string);
    }
    expect(listed.sort()).toEqual([...REFERENCE_SERVER_EVENTS].sort());
  });

  it('parses the reference examples', () => {
    expect(ok({ type: 'session.created', event_id: 'evt_1', session: { type: 'realtime', model: 'x', expires_at: 1 } }).event.type).toBe('session.created');
    const err = ok({ type: 'error', event_id: 'e', error: { type: 'server_error', code: null, message: 'Failed to read content stream.', param: null, event_id: null } });
    expect(err.event.type === 'error' && err.event.error.message).toBe('Failed to read content stream.');
    const done = ok({
      type: 'response.done',
      response: { id: 'r', status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' }, output: [{ id: 'i', type: 'message', role: 'assistant', status: 'incomplete', content: [{ type: 'audio', transcript: 'Sure' }] }], usage: null },
    });
    expect(done.event.type === 'response.done' && done.event.response.output?.[0]?.content?.[0]?.transcript).toBe('Sure');
  });

  it('tolerates missing optional fields (§7.1.3)', () => {
    expect(ok({ type: 'session.created' }).event.type).toBe('session.created');
    const args = ok({ type: 'response.function_call_arguments.done', call_id: 'c', arguments: '' });
    expect(args.event.type === 'response.function_call_arguments.done' && args.event.name).toBeUndefined();
    expect(ok({ type: 'response.output_audio_transcript.done', response_id: 'r' }).ok).toBe(true);
    expect(ok({ type: 'response.function_call_arguments.delta', call_id: 'c', delta: '{' }).ok).toBe(true);
    expect(ok({ type: 'input_audio_buffer.speech_started', item_id: 'u' }).ok).toBe(true);
    expect(ok({ type: 'conversation.item.added', item: { id: 'u', type: 'message', role: 'user' } }).ok).toBe(true);
  });

  it('ignores unknown fields and keeps usage at the top level of response.done (§4.4)', () => {
    const r = ok({ type: 'response.done', surprise: 1, response: { id: 'r', extra: true }, usage: { total_tokens: 5, weird: 'x' } });
    expect(r.event.type === 'response.done' && r.event.usage?.total_tokens).toBe(5);
  });

  it('maps older OpenAI names onto canonical types (§5.10)', () => {
    const r = ok({ type: 'response.audio.delta', response_id: 'r', item_id: 'i', delta: 'AAAA' });
    expect(r.event.type).toBe('response.output_audio.delta');
    expect(r.alias).toBe('response.audio.delta');
    expect(ok({ type: 'response.text.delta', delta: 'x' }).event.type).toBe('response.output_text.delta');
    expect(ok({ type: 'conversation.item.created', item: { id: 'x', type: 'message' } }).event.type).toBe('conversation.item.added');
  });

  it('reports unknown event types as unknown, not malformed (§1.6)', () => {
    const r = parseServerEvent('{"type":"x.unknown.event","foo":1}');
    expect(r).toMatchObject({ ok: false, kind: 'unknown', type: 'x.unknown.event' });
  });

  it('reports the legacy errorType frame and frames without a type (§1.6)', () => {
    expect(parseServerEvent('{"errorType":"SESSION_RESOURCES_EXHAUSTED","message":"x"}')).toMatchObject({
      ok: false,
      kind: 'error-type-frame',
      errorType: 'SESSION_RESOURCES_EXHAUSTED',
    });
    expect(parseServerEvent('{"type":7}')).toMatchObject({ ok: false, kind: 'not-event' });
    expect(parseServerEvent('{"hello":"world"}')).toMatchObject({ ok: false, kind: 'not-event' });
  });

  it('reports malformed frames without throwing', () => {
    for (const raw of ['{not json', '[]', 'null', '42', '"str"']) expect(parseServerEvent(raw)).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseServerEvent('{"type":"response.output_audio.delta","delta":5}')).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseServerEvent('{"type":"error"}')).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseServerEvent('x'.repeat(MAX_SERVER_FRAME_CHARS + 1))).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('accepts both content spellings (§4.2)', () => {
    for (const t of ['audio', 'output_audio']) expect(isAudioPart({ type: t })).toBe(true);
    for (const t of ['text', 'output_text']) expect(isTextPart({ type: t })).toBe(true);
    expect(isAudioPart({ type: 'input_audio' })).toBe(false);
    const r = ok({ type: 'response.output_item.done', item: { id: 'i', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] } });
    expect(r.event.type === 'response.output_item.done' && r.event.item.content?.[0]?.text).toBe('hi');
  });

  it('recognises exactly the documented benign error codes (§7.2)', () => {
    for (const c of ['response_cancel_not_active', 'conversation_already_has_active_response', 'input_audio_buffer_commit_empty', 'item_not_found']) {
      expect(isBenignErrorCode(c)).toBe(true);
    }
    for (const c of ['invalid_value', 'protocol_lint', null, undefined]) expect(isBenignErrorCode(c)).toBe(false);
  });
});
