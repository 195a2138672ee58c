// Hands-free turns with the energy VAD (§6.3) and barge-in (§6.6), driven by real speech.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, espeakPcm, rmsOf, silencePcm } from './helpers/raw-client.js';

const SERVER_VAD = (extra: Record<string, unknown> = {}) => ({
  audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300, prefix_padding_ms: 100, ...extra } } },
});

/** First and last loud 10 ms frame of 24 kHz PCM16, in ms (the espeak render has quiet edges). */
function loudBounds(pcm: Buffer): [number, number] {
  const loud: number[] = [];
  for (let off = 0, ms = 0; off + 480 <= pcm.length; off += 480, ms += 10) if (rmsOf(pcm.subarray(off, off + 480)) > 0.02) loud.push(ms);
  return [loud[0] ?? 0, (loud.at(-1) ?? 0) + 10];
}

let sim: Simulator;
let speech: Buffer;
beforeAll(async () => {
  sim = await startSimulator();
  speech = espeakPcm('turn on the lights in the kitchen');
});
afterAll(async () => {
  await sim.close();
});

describe('server VAD', () => {
  it('detects speech, commits the turn and creates the response itself', async () => {
    const c = await RawClient.ready(sim, SERVER_VAD(), { sim_transcript: 'Turn on the lights.' });
    const audio = Buffer.concat([silencePcm(500), speech, silencePcm(600)]);
    c.appendPcm(audio);
    const started = await c.waitFor('input_audio_buffer.speech_started');
    const stopped = await c.waitFor('input_audio_buffer.speech_stopped');
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(started.item_id).toBe(committed.item_id);
    expect(stopped.item_id).toBe(committed.item_id);
    // Positions are in input-audio ms; audio_start_ms includes the 100 ms prefix padding.
    const [from, to] = loudBounds(speech);
    expect(Math.abs(started.audio_start_ms - (500 + from - 100))).toBeLessThanOrEqual(30);
    expect(Math.abs(stopped.audio_end_ms - (500 + to))).toBeLessThanOrEqual(30);
    const done = await c.waitFor('response.done');
    expect(done.response.output[0].content[0].transcript).toBe('You said: "Turn on the lights.".');
    const t = c.types();
    expect(t.indexOf('input_audio_buffer.speech_stopped')).toBeLessThan(t.indexOf('input_audio_buffer.committed'));
    expect(t.indexOf('conversation.item.input_audio_transcription.completed')).toBeLessThan(t.indexOf('response.created'));
    // Committed audio is everything up to the turn end, a prefix of what we sent.
    const rec = sim.session(c.key)!;
    const committedAudio = rec.committedAudio(committed.item_id as string)!;
    expect(committedAudio.length).toBeGreaterThan(speech.length);
    expect(committedAudio.equals(audio.subarray(0, committedAudio.length))).toBe(true);
    expect(rec.commits[0]!.source).toBe('vad');
    await c.close();
  });

  it('silence alone never starts a turn', async () => {
    const c = await RawClient.ready(sim, SERVER_VAD());
    c.appendPcm(silencePcm(2000));
    await c.settle();
    expect(c.of('input_audio_buffer.speech_started')).toHaveLength(0);
    await c.close();
  });

  it('semantic_vad uses the same energy detector', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high' } } } });
    c.appendPcm(Buffer.concat([silencePcm(200), speech, silencePcm(500)]));
    await c.waitFor('response.done');
    await c.close();
  });

  it('create_response:false is honoured by default and ignored with sim_vad_flags=ignore', async () => {
    const honour = await RawClient.ready(sim, SERVER_VAD({ create_response: false }));
    honour.appendPcm(Buffer.concat([speech, silencePcm(500)]));
    await honour.waitFor('conversation.item.input_audio_transcription.completed');
    await honour.settle();
    expect(honour.of('response.created')).toHaveLength(0);
    await honour.close();
    const ignore = await RawClient.ready(sim, SERVER_VAD({ create_response: false }), { sim_vad_flags: 'ignore' });
    ignore.appendPcm(Buffer.concat([speech, silencePcm(500)]));
    await ignore.waitFor('response.done');
    await ignore.close();
  });

  it('barge-in: speech during a response cancels it with turn_detected', async () => {
    const c = await RawClient.ready(sim, SERVER_VAD(), { sim_scenario: 'long', sim_pacing: 'realtime', sim_lead_ms: '200' });
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Talk' }] } });
    c.send({ type: 'response.create' });
    const created = await c.waitFor('response.created');
    await c.waitFor('response.output_audio.delta');
    c.appendPcm(speech.subarray(0, 24000)); // half a second of speech
    const started = await c.waitFor('input_audio_buffer.speech_started');
    const done = await c.waitFor('response.done');
    expect(done.response).toMatchObject({ id: created.response.id, status: 'cancelled', status_details: { reason: 'turn_detected' } });
    expect(done.response.output[0].status).toBe('incomplete');
    const cleared = await c.waitFor('output_audio_buffer.cleared');
    expect(cleared.response_id).toBe(created.response.id);
    expect(c.events.indexOf(done)).toBeLessThan(c.events.indexOf(started));
    // No more deltas for the cancelled response after response.done.
    await c.settle();
    expect(c.events.slice(c.events.indexOf(done)).filter((e) => e.type === 'response.output_audio.delta')).toHaveLength(0);
    await c.close();
  });

  it('works on G.711 µ-law input', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } });
    const ulaw = Buffer.from(
      execFileSync('sox', ['-D', '-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-', '-t', 'raw', '-r', '8000', '-e', 'u-law', '-'], {
        input: Buffer.concat([silencePcm(300), speech, silencePcm(600)]),
      }),
    );
    c.appendPcm(ulaw, 800); // 100 ms of 8 kHz µ-law
    await c.waitFor('input_audio_buffer.speech_started');
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(sim.session(c.key)!.committedAudio(committed.item_id as string)!.length).toBeGreaterThan(8000);
    await c.close();
  });

  it('sim_backchannel emits one back-channel clip per turn, outside any response', async () => {
    const c = await RawClient.ready(
      sim,
      { ...SERVER_VAD({ create_response: false }), providerData: { backchannel: { enabled: true, min_speech_ms: 400 } } },
      { sim_backchannel: '1' },
    );
    c.appendPcm(Buffer.concat([speech, silencePcm(500)]));
    const done = await c.waitFor('response.backchannel.audio.done');
    expect(done.phrase).toBe('mm-hmm');
    const clip = c.of('response.backchannel.audio.delta').filter((e) => e.backchannel_id === done.backchannel_id);
    expect(rmsOf(Buffer.concat(clip.map((e) => Buffer.from(e.delta as string, 'base64'))))).toBeGreaterThan(0.02);
    await c.settle();
    expect(c.of('response.backchannel.audio.done')).toHaveLength(1);
    expect(c.of('response.created')).toHaveLength(0);
    await c.close();
  });

  it('no back-channel unless the session enables it', async () => {
    const c = await RawClient.ready(sim, SERVER_VAD({ create_response: false }), { sim_backchannel: '1' });
    c.appendPcm(Buffer.concat([speech, silencePcm(500)]));
    await c.waitFor('input_audio_buffer.committed');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.types().some((t) => t.startsWith('response.backchannel'))).toBe(false);
    await c.close();
  });

  it('idle_timeout_ms: quiet input triggers timeout_triggered, a commit and a response', async () => {
    const c = await RawClient.ready(sim, SERVER_VAD({ idle_timeout_ms: 1000 }));
    c.appendPcm(silencePcm(900));
    await c.settle();
    expect(c.of('input_audio_buffer.timeout_triggered')).toHaveLength(0);
    c.appendPcm(silencePcm(200));
    const t = await c.waitFor('input_audio_buffer.timeout_triggered');
    expect(t).toMatchObject({ audio_start_ms: 0, audio_end_ms: 1000 });
    expect((await c.waitFor('input_audio_buffer.committed')).item_id).toBe(t.item_id);
    await c.waitFor('response.done');
    await c.close();
  });

  it('interrupt_response:false is honoured (no barge-in) unless sim_vad_flags=ignore', async () => {
    for (const [flags, expected] of [['honour', 'completed'], ['ignore', 'cancelled']] as const) {
      const c = await RawClient.ready(sim, SERVER_VAD({ interrupt_response: false, create_response: false }), {
        sim_pacing: 'realtime',
        sim_lead_ms: '0',
        sim_reply: 'One two three four five six.',
        sim_vad_flags: flags,
      });
      c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Count' }] } });
      c.send({ type: 'response.create' });
      const created = await c.waitFor('response.created');
      await c.waitFor('response.output_audio.delta');
      c.appendPcm(speech.subarray(0, 24000));
      await c.waitFor('input_audio_buffer.speech_started');
      const done = await c.waitFor('response.done', (e) => e.response.id === created.response.id, 10000);
      expect(done.response.status).toBe(expected);
      await c.close();
    }
  }, 20000);
});
