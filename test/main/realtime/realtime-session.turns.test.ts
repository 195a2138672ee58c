import { describe, expect, it, vi, afterEach } from 'vitest';
import { audioResponse, b64, entries, flush, harness, pcm, ready, responseDone } from './scripted-transport';

afterEach(() => {
  vi.useRealTimers();
});

/** A ready session with a push-to-talk turn begun and `ms` of audio appended (not committed). */
async function pressAndSpeak(ms: number) {
  const h = harness();
  const t = await ready(h);
  await h.session.beginUserTurn();
  h.session.appendAudio(pcm(ms));
  return { h, t };
}

describe('push-to-talk (§6.2)', () => {
  it('clears on begin, appends whole-sample base64, commits, and sends response.create after committed', async () => {
    const h = harness();
    const t = await ready(h);
    await h.session.beginUserTurn();
    expect(t.types().slice(1)).toEqual(['input_audio_buffer.clear']);
    expect(h.events.phase.at(-1)).toBe('listening');
    const chunk = pcm(40);
    h.session.appendAudio(chunk.subarray(0, 1001)); // odd: one byte carried
    h.session.appendAudio(chunk.subarray(1001));
    h.session.appendAudio(pcm(100).buffer as ArrayBuffer);
    const appends = t.all('input_audio_buffer.append');
    expect(appends.map((a) => Buffer.from(a.audio, 'base64').length)).toEqual([1000, 920, 4800]);
    expect(Buffer.concat(appends.slice(0, 2).map((a) => Buffer.from(a.audio, 'base64')))).toEqual(Buffer.from(chunk));
    const committed = h.session.commitUserTurn();
    expect(t.types().at(-1)).toBe('input_audio_buffer.commit');
    expect(t.all('response.create')).toHaveLength(0);
    t.server({ type: 'input_audio_buffer.committed', item_id: 'u1', previous_item_id: null });
    await expect(committed).resolves.toEqual({ committed: true });
    expect(t.types().at(-1)).toBe('response.create');
    expect(h.events.phase.at(-1)).toBe('thinking');
    await h.session.close();
  });

  it('skips the commit when less than 100 ms was captured', async () => {
    const { h, t } = await pressAndSpeak(60);
    await expect(h.session.commitUserTurn()).resolves.toEqual({ committed: false, reason: 'nothing said' });
    expect(t.all('input_audio_buffer.commit')).toHaveLength(0);
    expect(t.all('response.create')).toHaveLength(0);
    expect(h.events.phase.at(-1)).toBe('idle');
    await h.session.close();
  });

  it('treats input_audio_buffer_commit_empty as "nothing said" and never asks for a response', async () => {
    const { h, t } = await pressAndSpeak(200);
    const p = h.session.commitUserTurn();
    const id = t.last('input_audio_buffer.commit')!.event_id;
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', message: 'empty', event_id: id } });
    await expect(p).resolves.toEqual({ committed: false, reason: 'nothing said' });
    expect(t.all('response.create')).toHaveLength(0);
    expect(h.events.notice).toHaveLength(0);
    await h.session.close();
  });

  it('cancelUserTurn clears the buffer and ignores later audio', async () => {
    const { h, t } = await pressAndSpeak(200);
    h.session.cancelUserTurn();
    expect(t.types().at(-1)).toBe('input_audio_buffer.clear');
    h.session.appendAudio(pcm(100));
    expect(t.all('input_audio_buffer.append')).toHaveLength(1);
    await h.session.close();
  });

  it('a new press before the previous commit could leave continues that utterance instead of dropping it', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t = await ready(h);
    await h.session.beginUserTurn();
    t.bufferedAmount = 1024 * 1024; // congested: audio is held, so the commit must wait
    h.session.appendAudio(pcm(200, 7));
    const first = h.session.commitUserTurn();
    await h.session.beginUserTurn();
    await expect(first).resolves.toEqual({ committed: false, reason: 'superseded by a new turn' });
    expect(h.events.phase.at(-1)).toBe('listening');
    h.session.appendAudio(pcm(200, 8));
    const second = h.session.commitUserTurn();
    t.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(25);
    const appended = t.all('input_audio_buffer.append').map((a) => Buffer.from(a.audio, 'base64').readInt16LE(0));
    expect(appended).toEqual([7, 8]);
    expect(t.all('input_audio_buffer.commit')).toHaveLength(1);
    expect(t.all('input_audio_buffer.clear')).toHaveLength(1); // only the first press cleared
    t.server({ type: 'input_audio_buffer.committed', item_id: 'u1' });
    await expect(second).resolves.toEqual({ committed: true });
    await h.session.close();
  });

  it('builds the user entry from transcription deltas of every style, then the completed transcript', async () => {
    const h = harness();
    const t = await ready(h);
    t.server({ type: 'input_audio_buffer.committed', item_id: 'u1' });
    t.server({ type: 'conversation.item.added', item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] } });
    const delta = (d: string) => t.server({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'u1', content_index: 0, delta: d });
    delta('open');
    delta(' the calc'); // additive
    expect(entries(h).get('u1')).toMatchObject({ text: 'open the calc', final: false, source: 'voice', role: 'user' });
    delta('open the calcu'); // rolling rewrite
    expect(entries(h).get('u1')).toMatchObject({ text: 'open the calcu' });
    delta('\b\b\blculator'); // backspace diff
    expect(entries(h).get('u1')).toMatchObject({ text: 'open the calculator' });
    t.server({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', content_index: 0, transcript: 'Open the calculator.' });
    expect(entries(h).get('u1')).toMatchObject({ text: 'Open the calculator.', final: true });
    // a late item.done must not override the authoritative transcript
    t.server({ type: 'conversation.item.done', item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: 'open the calculator' }] } });
    expect(entries(h).get('u1')).toMatchObject({ text: 'Open the calculator.' });
    await h.session.close();
  });

  it('takes the transcript from an input_text user item (prototype shape) when completed is absent', async () => {
    const h = harness();
    const t = await ready(h);
    t.server({ type: 'input_audio_buffer.committed', item_id: 'u9' });
    t.server({ type: 'conversation.item.done', item: { id: 'u9', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What time is it?' }] } });
    expect(entries(h).get('u9')).toMatchObject({ text: 'What time is it?', final: true, source: 'voice' });
    await h.session.close();
  });
});

describe('text turns (§6.4) and response streaming (§5.7, §6.9)', () => {
  it('sends item.create + response.create and resolves with the answer; metrics carry latency and usage', async () => {
    const h = harness();
    const t = await ready(h);
    const answer = h.session.sendText('What is on my calendar?');
    const create = t.last('conversation.item.create')!;
    expect(create.item).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is on my calendar?' }] });
    expect(t.types().slice(-2)).toEqual(['conversation.item.create', 'response.create']);
    t.server({ type: 'conversation.item.added', item: { id: 'srv_u1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is on my calendar?' }] } });
    t.server({ type: 'conversation.item.done', item: { id: 'srv_u1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is on my calendar?' }] } });
    for (const ev of audioResponse('r1', 'a1', ['Your next ', 'meeting is at 3.'])) t.server(ev);
    t.server({ ...responseDone('r1', [{ id: 'a1', type: 'message', role: 'assistant', content: [{ type: 'audio', transcript: 'Your next meeting is at 3.' }] }]), usage: { total_tokens: 9, input_tokens: 5, output_tokens: 4 } });
    await expect(answer).resolves.toEqual({ responseId: 'r1', text: 'Your next meeting is at 3.', status: 'completed' });
    const users = [...entries(h).values()].filter((e) => e.kind === 'message' && e.role === 'user');
    expect(users).toHaveLength(1); // the server echo did not create a duplicate row
    expect(entries(h).get('a1')).toMatchObject({ role: 'assistant', text: 'Your next meeting is at 3.', final: true, responseId: 'r1' });
    expect(h.events.audio).toHaveLength(2);
    expect(h.events.audio[0]).toMatchObject({ responseId: 'r1', itemId: 'a1' });
    expect(h.events.audio[0]!.pcm).toBeInstanceOf(ArrayBuffer);
    expect(h.events.audio[0]!.pcm.byteLength).toBe(4800);
    const m = h.events.metrics.at(-1)!;
    expect(m).toMatchObject({ responseId: 'r1', status: 'completed', usage: { totalTokens: 9, inputTokens: 5, outputTokens: 4 } });
    expect(typeof m.latencyMs).toBe('number');
    expect(h.events.phase).toContain('speaking');
    expect(h.events.phase.at(-1)).toBe('idle');
    await h.session.close();
  });

  it('measures latency from the send to the first delta', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t = await ready(h);
    void h.session.sendText('hi', { textOnly: true });
    expect(t.last('response.create')!.response).toEqual({ output_modalities: ['text'] });
    t.server({ type: 'response.created', response: { id: 'r1' } });
    vi.advanceTimersByTime(420);
    t.server({ type: 'response.output_text.delta', response_id: 'r1', item_id: 'a1', delta: 'Hello' });
    t.server(responseDone('r1'));
    expect(h.events.metrics.at(-1)).toMatchObject({ latencyMs: 420 });
    expect(entries(h).get('a1')).toMatchObject({ text: 'Hello', final: true });
    await h.session.close();
  });

  it('shows whichever text stream arrives first when text and transcript both stream (§5.7)', async () => {
    const h = harness();
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'r1' } });
    t.server({ type: 'response.output_item.added', response_id: 'r1', item: { id: 'a1', type: 'message', role: 'assistant' } });
    t.server({ type: 'response.output_text.delta', response_id: 'r1', item_id: 'a1', delta: 'Hi ' });
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'a1', delta: 'Hi ' });
    t.server({ type: 'response.output_text.delta', response_id: 'r1', item_id: 'a1', delta: 'there' });
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'a1', delta: 'there' });
    expect(entries(h).get('a1')).toMatchObject({ text: 'Hi there' });
    t.server({ type: 'response.output_audio_transcript.done', response_id: 'r1', item_id: 'a1', transcript: 'IGNORED' });
    t.server({ type: 'response.output_text.done', response_id: 'r1', item_id: 'a1', text: 'Hi there!' });
    t.server(responseDone('r1', [{ id: 'a1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi there!' }, { type: 'output_audio', transcript: 'Hi there!' }] }]));
    expect(entries(h).get('a1')).toMatchObject({ text: 'Hi there!', final: true });
    await h.session.close();
  });

  it('tolerates the OpenAI .done order, GA spellings, missing transcript and usage at the top level', async () => {
    const h = harness();
    const t = await ready(h);
    const rid = 'r2';
    t.server({ type: 'response.created', response: { id: rid } });
    t.server({ type: 'response.output_item.added', response_id: rid, item: { id: 'a2', type: 'message', role: 'assistant', content: [] } });
    t.server({ type: 'response.audio_transcript.delta', response_id: rid, item_id: 'a2', delta: 'Opening ' }); // old alias
    t.server({ type: 'response.audio.delta', response_id: rid, item_id: 'a2', delta: b64(pcm(10)) }); // old alias
    t.server({ type: 'response.output_audio.done', response_id: rid, item_id: 'a2' });
    t.server({ type: 'response.output_audio_transcript.done', response_id: rid, item_id: 'a2' }); // no transcript
    expect(entries(h).get('a2')).toMatchObject({ text: 'Opening ', final: false });
    t.server({ type: 'response.output_item.done', response_id: rid, item: { id: 'a2', type: 'message', role: 'assistant', content: [{ type: 'output_audio', transcript: 'Opening Calculator.' }] } });
    t.server({ type: 'conversation.item.done', item: { id: 'a2', type: 'message', role: 'assistant', content: [{ type: 'output_audio', transcript: 'Opening Calculator.' }] } });
    t.server({ type: 'response.done', response: { id: rid, status: 'completed' }, usage: { total_tokens: 3 } });
    expect(entries(h).get('a2')).toMatchObject({ text: 'Opening Calculator.', final: true });
    expect(h.events.metrics.at(-1)).toMatchObject({ usage: { totalTokens: 3 } });
    expect(h.events.audio).toHaveLength(1);
    await h.session.close();
  });

  it('finalizes a cancelled response from response.done alone (§6.6 prototype style)', async () => {
    const h = harness();
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'r3' } });
    t.server({ type: 'response.output_item.added', response_id: 'r3', item: { id: 'a3', type: 'message', role: 'assistant' } });
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r3', item_id: 'a3', delta: 'Sure, open' });
    t.server(responseDone('r3', [{ id: 'a3', type: 'message', role: 'assistant', status: 'incomplete', content: [{ type: 'audio', transcript: 'Sure, opening Calc' }] }], 'cancelled', { status_details: { type: 'cancelled', reason: 'turn_detected' } }));
    await flush();
    expect(entries(h).get('a3')).toMatchObject({ final: true, interrupted: true });
    expect(h.events.metrics.at(-1)).toMatchObject({ responseId: 'r3', status: 'cancelled' });
    expect(h.events.audioFlush.at(-1)).toEqual({ responseId: 'r3' });
    await h.session.close();
  });

  it('reports a failed response as a notice and failed metrics; the session stays usable', async () => {
    const h = harness();
    const t = await ready(h);
    const p = h.session.sendText('hi');
    t.server({ type: 'response.created', response: { id: 'r4' } });
    t.server(responseDone('r4', [], 'failed', { status_details: { type: 'failed', error: { type: 'server_error', code: null } } }));
    await expect(p).resolves.toMatchObject({ status: 'failed', error: 'server_error' });
    expect(h.events.notice.at(-1)).toMatchObject({ level: 'error' });
    expect(h.session.status).toBe('ready');
    await h.session.close();
  });

  it('retries a response.create that met conversation_already_has_active_response once the active response ends', async () => {
    const h = harness({ mode: 'hands-free' });
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'vad1' } }); // server-created (VAD)
    const p = h.session.sendText('also this'); // interrupts vad1 locally first
    await flush();
    expect(t.types()).toContain('response.cancel');
    const rc = t.last('response.create')!;
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'conversation_already_has_active_response', message: 'busy', event_id: rc.event_id } });
    expect(t.all('response.create')).toHaveLength(1);
    t.server(responseDone('vad1', [], 'cancelled'));
    expect(t.all('response.create')).toHaveLength(2);
    t.server({ type: 'response.created', response: { id: 'r5' } });
    t.server({ type: 'response.output_text.delta', response_id: 'r5', item_id: 'a5', delta: 'ok' });
    t.server(responseDone('r5'));
    await expect(p).resolves.toMatchObject({ responseId: 'r5', text: 'ok', status: 'completed' });
    expect(h.events.notice.filter((n) => n.level === 'error')).toHaveLength(0);
    await h.session.close();
  });

  it('a response.create the server never answered stops pairing after 30 s', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t = await ready(h);
    const lost = h.session.sendText('first');
    vi.advanceTimersByTime(31_000);
    const second = h.session.sendText('second');
    await vi.advanceTimersByTimeAsync(0);
    t.server({ type: 'response.created', response: { id: 'r2' } });
    await expect(lost).resolves.toMatchObject({ status: 'failed', error: 'the server never answered' });
    t.server({ type: 'response.output_text.delta', response_id: 'r2', item_id: 'a2', delta: 'two' });
    t.server(responseDone('r2'));
    await expect(second).resolves.toMatchObject({ responseId: 'r2', text: 'two' });
    await h.session.close();
  });

  it('carries an odd trailing byte of an audio delta over to the next delta of the same item (§3.3)', async () => {
    const h = harness();
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'r6' } });
    const bytes = pcm(10);
    t.server({ type: 'response.output_audio.delta', response_id: 'r6', item_id: 'a6', delta: b64(bytes.subarray(0, 7)) });
    t.server({ type: 'response.output_audio.delta', response_id: 'r6', item_id: 'a6', delta: b64(bytes.subarray(7)) });
    const got = Buffer.concat(h.events.audio.map((a) => Buffer.from(a.pcm)));
    expect(h.events.audio.map((a) => a.pcm.byteLength)).toEqual([6, bytes.length - 6]);
    expect(got).toEqual(Buffer.from(bytes));
    await h.session.close();
  });
});

describe('hands-free (§6.3)', () => {
  it('streams audio without commit or response.create and follows server VAD', async () => {
    const h = harness({ mode: 'hands-free' });
    const t = await ready(h);
    h.session.appendAudio(pcm(40));
    h.session.appendAudio(pcm(40));
    t.server({ type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 10 });
    expect(h.events.phase.at(-1)).toBe('listening');
    t.server({ type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 900 });
    expect(h.events.phase.at(-1)).toBe('thinking');
    t.server({ type: 'input_audio_buffer.committed', item_id: 'u1' });
    for (const ev of audioResponse('r1', 'a1', ['Hi.'])) t.server(ev);
    t.server(responseDone('r1'));
    expect(t.all('input_audio_buffer.commit')).toHaveLength(0);
    expect(t.all('response.create')).toHaveLength(0);
    expect(t.all('input_audio_buffer.append')).toHaveLength(2);
    expect(typeof h.events.metrics.at(-1)!.latencyMs).toBe('number');
    await h.session.close();
  });

  it('switching modes mid-session clears input and sends only turn_detection', async () => {
    const h = harness();
    const t = await ready(h);
    h.session.updateOptions({ mode: 'hands-free' });
    expect(h.session.mode).toBe('hands-free');
    expect(t.types().slice(-2)).toEqual(['input_audio_buffer.clear', 'session.update']);
    expect(t.last('session.update')!.session).toEqual({
      audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'medium', create_response: true, interrupt_response: false } } },
    });
    await h.session.close();
  });
});
