// Server-variation switches of §7.6: each one changes the wire in the documented way.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, espeakPcm, silencePcm, type Ev } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const PTT = { audio: { input: { turn_detection: null } } };

async function textTurn(query: Record<string, string>, session: Ev = {}): Promise<RawClient> {
  const c = await RawClient.ready(sim, session, query);
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } });
  c.send({ type: 'response.create' });
  await c.waitFor('response.done');
  return c;
}

async function audioTurn(query: Record<string, string>, respond = true): Promise<RawClient> {
  const c = await RawClient.ready(sim, PTT, { sim_transcript: 'Set a timer for ten minutes.', ...query });
  c.appendPcm(silencePcm(200));
  c.send({ type: 'input_audio_buffer.commit' });
  if (respond) {
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
  } else await c.waitFor('conversation.item.done');
  return c;
}

const deltas = (c: RawClient) => c.of('conversation.item.input_audio_transcription.delta').map((e) => e.delta as string);

describe('transcription switches', () => {
  it('rolling rewrites: each delta is the whole transcript so far', async () => {
    const c = await audioTurn({ sim_transcription_deltas: 'rolling' });
    expect(deltas(c)).toEqual(['Set ', 'Set a ', 'Set a timer ', 'Set a timer for ', 'Set a timer for ten ', 'Set a timer for ten minutes.']);
    await c.close();
  });

  it('backspace diffs apply to the final transcript', async () => {
    const c = await audioTurn({ sim_transcription_deltas: 'backspace' });
    let caption = '';
    for (const d of deltas(c)) for (const ch of d) caption = ch === '\b' ? caption.slice(0, -1) : caption + ch;
    expect(deltas(c).join('')).toContain('\b');
    expect(caption).toBe('Set a timer for ten minutes.');
    await c.close();
  });

  it('none: only completed', async () => {
    const c = await audioTurn({ sim_transcription_deltas: 'none' });
    expect(deltas(c)).toEqual([]);
    expect(c.of('conversation.item.input_audio_transcription.completed')).toHaveLength(1);
    await c.close();
  });

  it('after-response: transcription follows response.created', async () => {
    const c = await audioTurn({ sim_transcription_timing: 'after-response' });
    const t = c.types();
    expect(t.indexOf('conversation.item.input_audio_transcription.completed')).toBeGreaterThan(t.indexOf('response.created'));
    await c.close();
  });

  it('with-response: no transcript unless a response is created', async () => {
    const c = await audioTurn({ sim_transcribe: 'with-response' }, false);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.of('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
    c.send({ type: 'response.create' });
    await c.waitFor('conversation.item.input_audio_transcription.completed');
    await c.close();
  });

  it('the default transcribes committed audio even without a response (dictation, §2.8)', async () => {
    const c = await audioTurn({}, false);
    const done = await c.waitFor('conversation.item.done');
    expect(done.item.content).toEqual([{ type: 'input_audio', transcript: 'Set a timer for ten minutes.' }]);
    await c.close();
  });

  it('sim_fault=transcription-failed sends .failed and no transcript', async () => {
    const c = await audioTurn({ sim_fault: 'transcription-failed' }, false);
    const failed = await c.waitFor('conversation.item.input_audio_transcription.failed');
    expect(failed).toMatchObject({ content_index: 0, error: { type: 'server_error' } });
    expect(failed.item_id).toBe((await c.waitFor('input_audio_buffer.committed')).item_id);
    expect(c.of('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
    await c.close();
  });

  it('sim_user_item=input_text makes the user item an input_text part', async () => {
    const c = await audioTurn({ sim_user_item: 'input_text' }, false);
    expect((await c.waitFor('conversation.item.added')).item.content).toEqual([{ type: 'input_text', text: 'Set a timer for ten minutes.' }]);
    await c.close();
  });

  it('transcription: null disables transcription', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: null, transcription: null } } });
    c.appendPcm(silencePcm(200));
    c.send({ type: 'input_audio_buffer.commit' });
    await c.waitFor('conversation.item.done');
    await c.settle();
    expect(c.of('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
    await c.close();
  });
});

describe('response shape switches', () => {
  it('sim_done_order=openai flips both .done pairs', async () => {
    const c = await textTurn({ sim_done_order: 'openai' });
    const t = c.types();
    expect(t.indexOf('response.output_audio.done')).toBeLessThan(t.indexOf('response.output_audio_transcript.done'));
    expect(t.lastIndexOf('response.output_item.done')).toBeLessThan(t.lastIndexOf('conversation.item.done'));
    await c.close();
  });

  it('usage at the top level or null', async () => {
    const top = await textTurn({ sim_usage: 'top' });
    const d1 = await top.waitFor('response.done');
    expect(d1.response.usage).toBeNull();
    expect(d1.usage.total_tokens).toBeGreaterThan(0);
    const none = await textTurn({ sim_usage: 'null' });
    const d2 = await none.waitFor('response.done');
    expect(d2.response.usage).toBeNull();
    expect(d2).not.toHaveProperty('usage');
    await top.close();
    await none.close();
  });

  it('duplicate text sends output_text deltas alongside transcript deltas', async () => {
    const c = await textTurn({ sim_duplicate_text: '1' });
    const a = c.of('response.output_audio_transcript.delta').map((e) => e.delta as string).join('');
    const b = c.of('response.output_text.delta').map((e) => e.delta as string).join('');
    expect(b).toBe(a);
    expect(a.length).toBeGreaterThan(0);
    await c.close();
  });

  it('output_audio_buffer events can be turned off', async () => {
    const c = await textTurn({ sim_output_buffer_events: '0' });
    expect(c.types().some((t) => t.startsWith('output_audio_buffer.'))).toBe(false);
    await c.close();
  });
});

describe('audio switches', () => {
  it('random chunk sizes include odd byte counts and still concatenate to the speech', async () => {
    const c = await textTurn({ sim_audio_chunk: 'random' });
    const chunks = c.of('response.output_audio.delta').map((e) => Buffer.from(e.delta as string, 'base64'));
    expect(chunks.some((b) => b.length % 2 === 1)).toBe(true);
    expect(Buffer.concat(chunks).equals(espeakPcm('You said: "Hi".'))).toBe(true);
    await c.close();
  });

  it('sim_audio_chunk=40 gives 40 ms deltas', async () => {
    const c = await textTurn({ sim_audio_chunk: '40' });
    const sizes = c.of('response.output_audio.delta').map((e) => Buffer.from(e.delta as string, 'base64').length);
    expect(sizes.slice(0, -1).every((n) => n === 1920)).toBe(true);
    await c.close();
  });

  it('renders speech at the session output rate', async () => {
    const c = await textTurn({}, { audio: { output: { format: { type: 'audio/pcm', rate: 16000 } } } });
    const audio = Buffer.concat(c.of('response.output_audio.delta').map((e) => Buffer.from(e.delta as string, 'base64')));
    expect(audio.equals(espeakPcm('You said: "Hi".', 16000))).toBe(true);
    await c.close();
  });

  it('real-time pacing never runs ahead of the clock by more than the lead', async () => {
    const c = await RawClient.ready(sim, {}, { sim_pacing: 'realtime', sim_lead_ms: '200' });
    const arrivals: { t: number; ms: number }[] = [];
    let total = 0;
    c.ws.on('message', (d: Buffer) => {
      const e = JSON.parse(d.toString()) as Ev;
      if (e.type === 'response.output_audio.delta') {
        total += Buffer.from(e.delta as string, 'base64').length / 48;
        arrivals.push({ t: performance.now(), ms: total });
      }
    });
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Pace me' }] } });
    c.send({ type: 'response.create' });
    await c.waitFor('response.done', () => true, 15000);
    const t0 = arrivals[0]!.t;
    for (const a of arrivals) expect(a.ms).toBeLessThanOrEqual(a.t - t0 + 200 + 100 + 30); // lead + one chunk + jitter
    expect(arrivals.at(-1)!.t - t0).toBeGreaterThan(total - 200 - 150);
    await c.close();
  }, 20000);
});
