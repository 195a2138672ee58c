// session.created / session.update / session.updated (§2), including atomic rejection (rule 9).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, type Ev } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('session lifecycle', () => {
  it('sends session.created first with the full default session', async () => {
    const c = await RawClient.connect(sim);
    const created = await c.waitFor('session.created');
    expect(c.events[0]).toBe(created);
    expect(created.session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      output_modalities: ['audio', 'text'],
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'semantic_vad' } }, output: { voice: expect.any(String) } },
    });
    expect(typeof created.session.id).toBe('string');
    expect(created.session.expires_at).toBeGreaterThan(Date.now() / 1000);
    await c.close();
  });

  it.each([
    ['omit', (e: Ev[]) => e.every((x) => x.type !== 'session.created')],
    ['bare', (e: Ev[]) => e[0]?.type === 'session.created' && !('session' in e[0])],
    ['partial', (e: Ev[]) => e[0]?.type === 'session.created' && e[0].session.audio === undefined && typeof e[0].session.id === 'string'],
  ])('sim_session_created=%s', async (mode, ok) => {
    const c = await RawClient.ready(sim, {}, { sim_session_created: mode });
    expect(ok(c.events)).toBe(true);
    await c.close();
  });

  it('merges partial updates, replaces arrays, null disables, answers with the full config', async () => {
    const c = await RawClient.ready(sim, {
      model: 'openai/gpt-4.1-mini',
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'a', parameters: { type: 'object' } }],
      audio: { input: { transcription: { model: 'inworld/inworld-stt-1', language: 'en' } }, output: { voice: 'Clive', model: 'inworld-tts-2' } },
      providerData: { auto_tool_response: false, tts: { segmenter_strategy: 'fast_start' } },
    });
    c.send({ type: 'session.update', session: { audio: { output: { voice: 'Sarah' } }, tools: [], providerData: { tts: { delivery_mode: 'BALANCED' } } } });
    const u = await c.waitFor('session.updated', (e) => e.session.audio.output.voice === 'Sarah');
    expect(u.session).toMatchObject({
      model: 'openai/gpt-4.1-mini',
      instructions: 'Be brief.',
      tools: [],
      audio: { input: { transcription: { model: 'inworld/inworld-stt-1', language: 'en' } }, output: { voice: 'Sarah', model: 'inworld-tts-2' } },
      providerData: { auto_tool_response: false, tts: { segmenter_strategy: 'fast_start', delivery_mode: 'BALANCED' } },
    });
    expect(u).not.toHaveProperty('error');
    expect(sim.session(c.key)!.sessionConfig).toEqual(u.session);
    c.send({ type: 'session.update', session: { audio: { input: { turn_detection: null, transcription: null } } } });
    const u2 = await c.waitFor('session.updated', (e) => e.session.audio.input.turn_detection === null);
    expect(u2.session.audio.input.transcription).toBeNull();
    c.send({ type: 'session.update', session: { audio: { input: { format: 'g711_ulaw', turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } } });
    const u3 = await c.waitFor('session.updated', (e) => e.session.audio.input.turn_detection?.type === 'server_vad');
    expect(u3.session.audio.input.format).toEqual({ type: 'audio/pcmu', rate: 8000 });
    expect(u3.session.audio.input.turn_detection).toEqual({ type: 'server_vad', silence_duration_ms: 300 });
    await c.close();
  });

  it.each([
    [{ audio: { input: { transcription: { model: 'whisper-1' } } } }, 'session.audio.input.transcription.model', 'invalid_value'],
    [{ audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'max' } } } }, 'session.audio.input.turn_detection.eagerness', 'invalid_value'],
    [{ audio: { input: { turn_detection: { type: 'smart_vad' } } } }, 'session.audio.input.turn_detection.type', 'invalid_value'],
    [{ output_modalities: ['video'] }, 'session.output_modalities[0]', 'invalid_value'],
    [{ output_modalities: [] }, 'session.output_modalities', 'invalid_value'],
    [{ audio: { output: { format: { type: 'audio/mp3' } } } }, 'session.audio.output.format.type', 'invalid_value'],
    [{ audio: { input: { format: { type: 'audio/pcm', rate: 22050 } } } }, 'session.audio.input.format.rate', 'invalid_value'],
    [{ temperature: 3 }, 'session.temperature', 'invalid_value'],
    [{ audio: { output: { speed: 2 } } }, 'session.audio.output.speed', 'invalid_value'],
    [{ audio: { output: { speed: 0.25 } } }, 'session.audio.output.speed', 'invalid_value'],
    [{ type: 'transcription' }, 'session.type', 'invalid_value'],
    [{ tool_choice: 'sometimes' }, 'session.tool_choice', 'invalid_value'],
    [{ modelId: 'openai/gpt-4.1-mini' }, 'session.modelId', 'unknown_parameter'],
  ])('rejects %j atomically (rule 9)', async (bad, param, code) => {
    const c = await RawClient.ready(sim, { instructions: 'original' });
    // A valid change bundled with the bad one must not be applied either.
    const id = c.send({ type: 'session.update', session: { instructions: 'changed', ...bad } });
    const err = await c.errorFor(id);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code, param, event_id: id });
    c.send({ type: 'session.update', session: {} });
    const after = await c.waitFor('session.updated', () => true, 3000, c.events.indexOf(err));
    expect(after.session.instructions).toBe('original');
    expect(c.of('session.updated')).toHaveLength(2);
    await c.close();
  });
});
