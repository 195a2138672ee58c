// Push-to-talk turn (§6.2) against the simulator with real speech in both directions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, espeakPcm, rmsOf, silencePcm, type Ev } from './helpers/raw-client.js';

const PTT = { audio: { input: { turn_detection: null, format: { type: 'audio/pcm', rate: 24000 } } } };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

function audioOf(c: RawClient, responseId: string): Buffer {
  return Buffer.concat(c.of('response.output_audio.delta').filter((e) => e.response_id === responseId).map((e) => Buffer.from(e.delta as string, 'base64')));
}

describe('push-to-talk turn', () => {
  it('records the exact input bytes, transcribes, and answers with espeak speech', async () => {
    const c = await RawClient.ready(sim, PTT, { sim_transcript: 'Open the calculator.' });
    const speech = espeakPcm('Open the calculator please');
    c.send({ type: 'input_audio_buffer.clear' });
    await c.waitFor('input_audio_buffer.cleared');
    c.appendPcm(speech, 1920); // 40 ms frames, the project's default
    const commitId = c.send({ type: 'input_audio_buffer.commit' });
    c.send({ type: 'response.create' });
    const committed = await c.waitFor('input_audio_buffer.committed');
    const done = await c.waitFor('response.done');

    const rec = sim.session(c.key);
    expect(rec).toBeDefined();
    // The committed item holds exactly the bytes we sent, in order.
    expect(rec!.committedAudio(committed.item_id as string)!.equals(speech)).toBe(true);
    expect(rec!.inputAudio.equals(speech)).toBe(true);
    expect(rec!.appends.length).toBe(Math.ceil(speech.length / 1920));
    expect(rec!.commits[0]!.t).toBeGreaterThanOrEqual(rec!.appends.at(-1)!.t);
    expect(rec!.clientEvents.some((e) => (e.event as Ev).event_id === commitId)).toBe(true);

    const tr = await c.waitFor('conversation.item.input_audio_transcription.completed');
    expect(tr).toMatchObject({ item_id: committed.item_id, content_index: 0, transcript: 'Open the calculator.' });
    const deltas = c.of('conversation.item.input_audio_transcription.delta').map((e) => e.delta as string).join('');
    expect(deltas).toBe('Open the calculator.');

    expect(done.response.status).toBe('completed');
    const reply = 'You said: "Open the calculator.".';
    const out = done.response.output[0];
    expect(out).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'audio', transcript: reply }] });
    const assistantDone = c.of('conversation.item.done').find((e) => e.item.id === out.id)!;
    expect(assistantDone.previous_item_id).toBe(committed.item_id);
    const transcript = c.of('response.output_audio_transcript.delta').map((e) => e.delta as string).join('');
    expect(transcript).toBe(reply);

    // The audio is real speech: loud enough, 100 ms deltas, byte-identical to an independent espeak render.
    const audio = audioOf(c, done.response.id as string);
    expect(audio.equals(espeakPcm(reply))).toBe(true);
    expect(rmsOf(audio)).toBeGreaterThan(0.02);
    const sizes = c.of('response.output_audio.delta').map((e) => Buffer.from(e.delta as string, 'base64').length);
    expect(sizes.slice(0, -1).every((n) => n === 4800)).toBe(true);
    expect(rec!.outputAudio.get(out.id as string)!.equals(audio)).toBe(true);
    await c.close();
  });

  it('follows the §6.2/§6.3 event order', async () => {
    const c = await RawClient.ready(sim, PTT);
    c.appendPcm(silencePcm(300));
    c.send({ type: 'input_audio_buffer.commit' });
    await c.waitFor('conversation.item.done');
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    const t = c.types().filter((x) => !x.endsWith('.delta'));
    expect(t).toEqual([
      'session.created',
      'session.updated',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.input_audio_transcription.completed',
      'conversation.item.done',
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'output_audio_buffer.started',
      'response.output_audio_transcript.done',
      'response.output_audio.done',
      'response.content_part.done',
      'conversation.item.done',
      'response.output_item.done',
      'response.done',
      'output_audio_buffer.stopped',
    ]);
    // Every server event has a unique event_id.
    const ids = c.events.map((e) => e.event_id as string);
    expect(new Set(ids).size).toBe(ids.length);
    await c.close();
  });

  it('rejects a commit of less than 100 ms and keeps the buffer', async () => {
    const c = await RawClient.ready(sim, PTT);
    c.appendPcm(silencePcm(60));
    const id = c.send({ type: 'input_audio_buffer.commit' });
    const err = await c.errorFor(id);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', param: null });
    c.appendPcm(silencePcm(60));
    c.send({ type: 'input_audio_buffer.commit' });
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(sim.session(c.key)!.committedAudio(committed.item_id as string)!.length).toBe(2 * 2880);
    await c.close();
  });

  it('clear discards buffered audio', async () => {
    const c = await RawClient.ready(sim, PTT);
    c.appendPcm(silencePcm(500));
    c.send({ type: 'input_audio_buffer.clear' });
    await c.waitFor('input_audio_buffer.cleared');
    const id = c.send({ type: 'input_audio_buffer.commit' });
    expect((await c.errorFor(id)).error.code).toBe('input_audio_buffer_commit_empty');
    await c.close();
  });
});
