import { afterEach, describe, expect, it } from 'vitest';
import type { Transcriber } from '../../../src/main/dictation/transcriber';
import { clientEventsOf, clientTypes, faultOnce, feed, tone, transcriber, useSimulator, type Simulator } from './dictation-sim';

let sim: Simulator;
let t: Transcriber | undefined;
useSimulator((s) => (sim = s));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('transcription-only turn (§2.8) against the strict simulator', () => {
  it('clear, appends, commit, completed transcript by item_id, delete — and never response.create', async () => {
    t = transcriber(sim, { sim_transcript: 'Dear team, the build is green.' }, { vocabulary: 'Inworld, Electron\nTypeScript', fallbackAfterMs: 600 });
    const captions: string[] = [];
    t.on('caption', (c) => captions.push(c.text));
    t.begin();
    feed(t, tone(600));
    const r = await t.finish();
    expect(r).toMatchObject({ ok: true, text: 'Dear team, the build is green.', usedFallback: false, replayed: false });
    // Wait past the fallback window: it must not fire once the transcript is in.
    await new Promise((res) => setTimeout(res, 800));
    const rec = sim.sessions[0]!;
    const types = clientTypes(rec);
    expect(types).not.toContain('response.create');
    expect(types.filter((x) => x === 'input_audio_buffer.clear')).toHaveLength(1);
    expect(types.filter((x) => x === 'input_audio_buffer.commit')).toHaveLength(1);
    const update = clientEventsOf(rec, 'session.update')[0] as { session: Record<string, unknown> };
    expect(update.session).toMatchObject({
      tools: [],
      tool_choice: 'none',
      output_modalities: ['text'],
      audio: { input: { turn_detection: null, transcription: { language: 'en', prompt: 'Vocabulary: Inworld, Electron, TypeScript.' } } },
    });
    const committed = rec.commits[0]!;
    expect(clientEventsOf(rec, 'conversation.item.delete')).toEqual([expect.objectContaining({ item_id: committed.itemId })]);
    expect(committed.audio.length).toBe(600 * 48);
    expect(rec.errors).toEqual([]);
    expect(captions.at(-1)).toBe('Dear team, the build is green.');
  });

  it('under 100 ms nothing is committed and nothing is returned', async () => {
    t = transcriber(sim);
    t.begin();
    feed(t, tone(60));
    expect(await t.finish()).toEqual({ ok: false, reason: 'nothing said' });
    await new Promise((res) => setTimeout(res, 200));
    expect(clientTypes(sim.sessions[0]!)).not.toContain('input_audio_buffer.commit');
  });

  it('fallback: a service that transcribes only with a response gets one, and its reply is not the text', async () => {
    t = transcriber(sim, { sim_transcribe: 'with-response', sim_transcript: 'Meet at noon.' }, { fallbackAfterMs: 300 });
    t.begin();
    feed(t, tone(400));
    const r = await t.finish();
    expect(r).toMatchObject({ ok: true, text: 'Meet at noon.', usedFallback: true });
    // Learned: the next turn asks at once instead of waiting for the fallback window.
    t.begin();
    feed(t, tone(400));
    const started = Date.now();
    const r2 = await t.finish();
    expect(r2).toMatchObject({ ok: true, text: 'Meet at noon.' });
    expect(Date.now() - started).toBeLessThan(300 + 1000);
    const rec = sim.sessions[0]!;
    const creates = clientEventsOf(rec, 'response.create');
    expect(creates).toHaveLength(2);
    expect(creates[0]).toMatchObject({ response: { output_modalities: ['text'] } });
    expect(rec.errors).toEqual([]);
  });

  it('a socket dropped right after the commit: replayed once on a new socket, exactly one result', async () => {
    // Server events of the first socket: session.created, session.updated, cleared, committed → destroyed.
    const { factory, urls } = faultOnce(['sim_close_after']);
    t = transcriber(sim, { sim_close_after: 4, sim_transcript: 'Ship it on Friday.' }, { transportFactory: factory, fallbackAfterMs: 5000 });
    t.begin();
    const audio = tone(500);
    feed(t, audio);
    const r = await t.finish();
    expect(r).toMatchObject({ ok: true, text: 'Ship it on Friday.', replayed: true });
    expect(urls).toHaveLength(2);
    const [first, second] = sim.sessions;
    expect(first!.commits).toHaveLength(1);
    expect(second!.commits).toHaveLength(1);
    // The replayed item holds the whole utterance, byte for byte.
    expect(Buffer.compare(second!.commits[0]!.audio, Buffer.from(audio))).toBe(0);
    expect(clientTypes(second!)).not.toContain('response.create');
  });

  it('Esc while held: nothing committed, the turn reports cancelled', async () => {
    t = transcriber(sim);
    t.begin();
    feed(t, tone(300));
    const pending = t.finish();
    t.cancel();
    expect(await pending).toMatchObject({ ok: false });
    t.begin();
    feed(t, tone(300));
    t.cancel();
    await new Promise((res) => setTimeout(res, 200));
    expect(sim.sessions[0]!.errors).toEqual([]);
  });

  it('transcription failed: a clear reason, no text', async () => {
    t = transcriber(sim, { sim_fault: 'transcription-failed' });
    t.begin();
    feed(t, tone(300));
    expect(await t.finish()).toMatchObject({ ok: false, reason: expect.stringMatching(/^transcription failed/) });
  });
});
