import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlaybackPort, PlayedAudio } from '../../../src/main/realtime/session-api';
import { planTruncation, playedMs } from '../../../src/main/realtime/turns/interruption';
import { newAssistantItem } from '../../../src/main/realtime/conversation/response-state';
import { makeSpeechWav } from '../../e2e/renderer/support/speech';
import { resample } from '../../e2e/renderer/support/waveform';
import { audioResponse, b64, entries, flush, harness, pcm, ready, responseDone, type ScriptedTransport } from './scripted-transport';

function frames(x: Float32Array): Uint8Array[] {
  const b = new Uint8Array(x.length * 2);
  const v = new DataView(b.buffer);
  for (let i = 0; i < x.length; i++) v.setInt16(i * 2, Math.round(Math.max(-1, Math.min(1, x[i]!)) * 32767), true);
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += 1920) out.push(b.slice(i, i + 1920));
  return out;
}
const speech24k = (text: string) => resample(makeSpeechWav(text, { leadMs: 200, trailMs: 300 }).samples, 48_000, 24_000);
function coughBurst(ms: number): Float32Array {
  const n = (ms * 24) | 0;
  const x = new Float32Array(n + 4800);
  let s = 3;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x[i] = ((s / 2 ** 32) * 2 - 1) * 0.5 * Math.exp((-3 * i) / n);
  }
  return x;
}

afterEach(() => {
  vi.useRealTimers();
});

function fakePlayback(report: () => PlayedAudio[]): PlaybackPort & { stops: number } {
  const port = {
    stops: 0,
    async stop() {
      port.stops++;
      return report();
    },
  };
  return port;
}

/** Starts response r1 with item a1 and `deltas` × 100 ms of audio, not finished. */
function startSpeaking(t: ScriptedTransport, deltas: number) {
  t.server({ type: 'response.created', response: { id: 'r1' } });
  t.server({ type: 'response.output_item.added', response_id: 'r1', item: { id: 'a1', type: 'message', role: 'assistant' } });
  t.server({ type: 'response.content_part.added', response_id: 'r1', item_id: 'a1', content_index: 0, part: { type: 'audio' } });
  for (let i = 0; i < deltas; i++) {
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'a1', delta: `w${i} ` });
    t.server({ type: 'response.output_audio.delta', response_id: 'r1', item_id: 'a1', delta: b64(pcm(100)) });
  }
}

/** Hands-free, an answer of `deltas` × 100 ms received at once and done; the test sets the sink's progress reports. */
async function answeredWithProgress(deltas: number) {
  vi.useFakeTimers();
  const reported = new Map<string, { samples: number; at: number }>();
  const playback = { ...fakePlayback(() => []), progress: (id: string) => reported.get(id) };
  const h = harness({ mode: 'hands-free', playback });
  const t = await ready(h);
  startSpeaking(t, deltas);
  t.server(responseDone('r1'));
  const appends = () => t.all('input_audio_buffer.append').length;
  return { h, reported, appends, before: appends(), quietFrame: new Uint8Array(1920) };
}

describe('truncation arithmetic (§3.4)', () => {
  it('audio_end_ms = floor(played * 1000 / 24000), capped by what was received', () => {
    expect(playedMs(24_000, 96_000)).toBe(1000);
    expect(playedMs(32_159, 96_000)).toBe(1339);
    expect(playedMs(48_000, 4800)).toBe(100);
    expect(playedMs(-5, 100)).toBe(0);
  });

  it('skips items that finished playing, zeroes unheard items of a running response', () => {
    const a = { ...newAssistantItem('a', 'r', 0), hasAudio: true, receivedBytes: 4800, audioDone: true };
    const b = { ...newAssistantItem('b', 'r', 0), hasAudio: true, receivedBytes: 4800 };
    expect(planTruncation([a, b], [{ itemId: 'a', playedSamples: 2400 }], false)).toEqual([
      { itemId: 'b', contentIndex: 0, audioEndMs: 0 },
    ]);
    expect(planTruncation([a], [{ itemId: 'a', playedSamples: 1200 }], true)).toEqual([{ itemId: 'a', contentIndex: 0, audioEndMs: 50 }]);
    expect(planTruncation([b], [], true)).toEqual([]);
  });
});

describe('interrupt (§6.6)', () => {
  it('stops playback, cancels, clears output, truncates after response.done, and drops late deltas', async () => {
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 32_159 }]);
    const h = harness({ playback });
    const t = await ready(h);
    startSpeaking(t, 20);
    expect(h.events.phase.at(-1)).toBe('speaking');
    await h.session.interrupt();
    expect(playback.stops).toBe(1);
    expect(h.events.audioFlush.at(-1)).toEqual({ responseId: 'r1' });
    expect(t.types().slice(-2)).toEqual(['response.cancel', 'output_audio_buffer.clear']);
    expect(t.last('response.cancel')).toMatchObject({ response_id: 'r1' });
    expect(t.all('conversation.item.truncate')).toHaveLength(0); // waits for response.done
    const audioBefore = h.events.audio.length;
    t.server({ type: 'response.output_audio.delta', response_id: 'r1', item_id: 'a1', delta: b64(pcm(100)) });
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'a1', delta: 'LATE' });
    expect(h.events.audio.length).toBe(audioBefore);
    t.server(responseDone('r1', [], 'cancelled', { status_details: { type: 'cancelled', reason: 'client_cancelled' } }));
    expect(t.last('conversation.item.truncate')).toMatchObject({ item_id: 'a1', content_index: 0, audio_end_ms: 1339 });
    const a1 = entries(h).get('a1');
    expect(a1).toMatchObject({ interrupted: true, heardMs: 1339, final: true });
    expect(a1?.kind === 'message' && a1.text).not.toContain('LATE');
    expect(h.events.metrics.at(-1)).toMatchObject({ responseId: 'r1', status: 'cancelled' });
    await h.session.close();
  });

  it('truncates after 1 s when response.done never arrives', async () => {
    vi.useFakeTimers();
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 24_000 }]);
    const h = harness({ playback });
    const t = await ready(h);
    startSpeaking(t, 20);
    await h.session.interrupt();
    await vi.advanceTimersByTimeAsync(999);
    expect(t.all('conversation.item.truncate')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(t.last('conversation.item.truncate')).toMatchObject({ item_id: 'a1', audio_end_ms: 1000 });
    await h.session.close();
  });

  it('push-to-talk barge-in: key down while speaking interrupts, then clears the input buffer', async () => {
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 4800 }]);
    const h = harness({ playback });
    const t = await ready(h);
    startSpeaking(t, 5);
    await h.session.beginUserTurn();
    expect(t.types().slice(-3)).toEqual(['response.cancel', 'output_audio_buffer.clear', 'input_audio_buffer.clear']);
    expect(h.events.phase.at(-1)).toBe('listening');
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'response_cancel_not_active', message: 'x', event_id: t.last('response.cancel')!.event_id } });
    t.server(responseDone('r1', [], 'cancelled'));
    expect(t.last('conversation.item.truncate')).toMatchObject({ audio_end_ms: 200 });
    expect(h.events.notice).toHaveLength(0);
    await h.session.close();
  });

  it('hands-free barge-in on speech_started while the assistant is speaking (barge-in gate off)', async () => {
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 2400 }]);
    const h = harness({ mode: 'hands-free', playback, bargeInMs: 0 });
    const t = await ready(h);
    startSpeaking(t, 5);
    t.server({ type: 'input_audio_buffer.speech_started', item_id: 'u2' });
    await flush();
    expect(playback.stops).toBe(1);
    expect(t.types()).toContain('response.cancel');
    t.server(responseDone('r1', [], 'cancelled', { status_details: { type: 'cancelled', reason: 'turn_detected' } }));
    expect(t.last('conversation.item.truncate')).toMatchObject({ audio_end_ms: 100 });
    await h.session.close();
  });

  it('hands-free with the barge-in gate: speech_started alone and a cough do not interrupt; sustained speech does, and reaches the server whole', async () => {
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 2400 }]);
    const h = harness({ mode: 'hands-free', playback });
    const t = await ready(h);
    startSpeaking(t, 50);
    const appendsBefore = t.all('input_audio_buffer.append').length;
    t.server({ type: 'input_audio_buffer.speech_started', item_id: 'u2' });
    for (const f of frames(coughBurst(300))) h.session.appendAudio(f);
    await flush();
    expect(playback.stops).toBe(0);
    expect(t.all('input_audio_buffer.append')).toHaveLength(appendsBefore); // held, not sent
    const voice = frames(speech24k('Wait, stop, what about the weekend?'));
    let stoppedAfter = -1;
    for (let i = 0; i < voice.length; i++) {
      h.session.appendAudio(voice[i]!);
      await flush();
      if (playback.stops > 0 && stoppedAfter < 0) stoppedAfter = i;
    }
    expect(playback.stops).toBe(1);
    expect(stoppedAfter).toBeGreaterThan(3);
    expect(t.types()).toContain('response.cancel');
    // Every voice sample reached the server (held audio released, then live).
    const sent = t.all('input_audio_buffer.append').slice(appendsBefore).reduce((n, e) => n + Buffer.from(String(e.audio), 'base64').length, 0);
    expect(sent).toBeGreaterThanOrEqual(voice.reduce((n, f) => n + f.length, 0));
    await h.session.close();
  });

  it('hands-free: the microphone stays held while the sink is still playing the answer, however late, and is released once it has finished', async () => {
    const { h, reported, appends, before, quietFrame } = await answeredWithProgress(10); // 1 s of audio, received at once
    // 3 s later the arrival estimate has long run out, but the player (late by underruns) is at 0.9 s.
    for (let ms = 0; ms < 3000; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      reported.set('a1', { samples: Math.min(21_600, ms * 24), at: Date.now() });
      h.session.appendAudio(quietFrame);
    }
    expect(appends(), 'held while the answer is still coming out of the speaker').toBe(before);
    // The sink reports the end; after the echo tail the microphone goes to the server again.
    reported.set('a1', { samples: 24_000, at: Date.now() });
    for (let ms = 0; ms < 600; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      h.session.appendAudio(quietFrame);
    }
    expect(appends()).toBeGreaterThan(before);
    await h.session.close();
  });

  it('hands-free: a sink that reports late (a busy page) keeps the microphone held for the rest of its item, then lets it go', async () => {
    const { h, reported, appends, before, quietFrame } = await answeredWithProgress(30); // 3 s of audio, received at once
    // 3.5 s on, the player (late by underruns) is at 1.5 s; then the page is too busy to report.
    for (let ms = 0; ms < 3500; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      reported.set('a1', { samples: Math.round((ms / 3500) * 36_000), at: Date.now() });
      h.session.appendAudio(quietFrame);
    }
    for (let ms = 0; ms < 1200; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      h.session.appendAudio(quietFrame);
    }
    expect(appends(), 'held: 1.5 s of the answer may still be playing').toBe(before);
    for (let ms = 0; ms < 1000; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      h.session.appendAudio(quietFrame);
    }
    expect(appends(), 'released once the rest could have played, plus the echo tail').toBeGreaterThan(before);
    await h.session.close();
  });

  it('hands-free: a sink that stopped reporting mid-item is not trusted past its item; the microphone is released', async () => {
    vi.useFakeTimers();
    const playback = { ...fakePlayback(() => []), progress: () => ({ samples: 100, at: Date.now() - 10_000 }) };
    const h = harness({ mode: 'hands-free', playback });
    const t = await ready(h);
    startSpeaking(t, 10);
    t.server(responseDone('r1'));
    const before = t.all('input_audio_buffer.append').length;
    for (let ms = 0; ms < 2500; ms += 40) {
      await vi.advanceTimersByTimeAsync(40);
      h.session.appendAudio(new Uint8Array(1920));
    }
    expect(t.all('input_audio_buffer.append').length).toBeGreaterThan(before);
    await h.session.close();
  });

  it('after a completed response still playing: no cancel, but truncate and clear', async () => {
    const playback = fakePlayback(() => [{ itemId: 'a1', playedSamples: 2400 }]);
    const h = harness({ playback });
    const t = await ready(h);
    for (const ev of audioResponse('r1', 'a1', ['one ', 'two'])) t.server(ev);
    t.server(responseDone('r1'));
    await h.session.interrupt();
    expect(t.all('response.cancel')).toHaveLength(0);
    expect(t.last('conversation.item.truncate')).toMatchObject({ item_id: 'a1', audio_end_ms: 100 });
    expect(t.types()).toContain('output_audio_buffer.clear');
    await h.session.close();
  });

  it('an error reply to output_audio_buffer.clear is benign', async () => {
    const playback = fakePlayback(() => []);
    const h = harness({ playback });
    const t = await ready(h);
    startSpeaking(t, 2);
    await h.session.interrupt();
    const id = t.last('output_audio_buffer.clear')!.event_id;
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'unknown_event', message: 'nope', event_id: id } });
    expect(h.events.notice).toHaveLength(0);
    await h.session.close();
  });
});
