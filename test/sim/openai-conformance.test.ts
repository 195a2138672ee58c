// Conformance against a client nobody here wrote: the `openai` package's OpenAIRealtimeWS, sending
// events typed by its own GA definitions. If it sends something the reference allows, the simulator
// must accept it.
//
// Pointing it at the simulator: the SDK builds `${baseURL}/realtime?model=…` and forces the scheme to
// wss. So baseURL carries the real path plus `key`/`protocol` and a throwaway `x=` that swallows
// the appended "/realtime", and `createConnection` opens plain TCP under the wss URL. It
// authenticates with `Bearer <apiKey>`, which the simulator accepts for any configured key.

import { createConnection } from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { espeakPcm, freshKey, rmsOf } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

interface Conn {
  rt: OpenAIRealtimeWS;
  key: string;
  events: RealtimeServerEvent[];
  errors: Error[];
  waitFor<T extends RealtimeServerEvent['type']>(type: T, from?: number): Promise<Extract<RealtimeServerEvent, { type: T }>>;
}

async function connect(): Promise<Conn> {
  const key = freshKey('openai');
  const client = new OpenAI({ apiKey: sim.key, baseURL: `http://127.0.0.1:${sim.port}/api/v1/realtime/session?key=${key}&protocol=realtime&x=` });
  const rt = new OpenAIRealtimeWS(
    {
      model: 'openai/gpt-4.1-mini',
      options: { createConnection: ((opts: { host: string; port: number }) => createConnection({ host: opts.host, port: Number(opts.port) })) as unknown as typeof createConnection },
    },
    client,
  );
  const events: RealtimeServerEvent[] = [];
  const errors: Error[] = [];
  const listeners = new Set<() => void>();
  rt.on('event', (e) => {
    events.push(e);
    for (const l of [...listeners]) l();
  });
  rt.on('error', (err) => errors.push(err));
  await new Promise<void>((resolve, reject) => {
    rt.socket.once('open', () => resolve());
    rt.socket.once('error', reject);
  });
  const waitFor = <T extends RealtimeServerEvent['type']>(type: T, from = 0) =>
    new Promise<Extract<RealtimeServerEvent, { type: T }>>((resolve, reject) => {
      const check = () => {
        const hit = events.slice(from).find((e) => e.type === type);
        if (hit) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit as Extract<RealtimeServerEvent, { type: T }>);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timeout waiting for ${type}; got ${events.map((e) => e.type).join(',')}; errors ${errors.map((e) => e.message).join(' | ')}`));
      }, 8000);
      listeners.add(check);
      check();
    });
  return { rt, key, events, errors, waitFor };
}

const send = (c: Conn, ev: RealtimeClientEvent) => c.rt.send(ev);

describe('openai OpenAIRealtimeWS against the simulator', () => {
  it('completes a text turn', async () => {
    const c = await connect();
    await c.waitFor('session.created');
    send(c, {
      type: 'session.update',
      event_id: 'c-1',
      session: {
        type: 'realtime',
        model: 'openai/gpt-4.1-mini',
        instructions: 'Be brief.',
        output_modalities: ['text'],
        max_output_tokens: 'inf',
        tool_choice: 'auto',
        tools: [],
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, transcription: { model: 'inworld/inworld-stt-1', language: 'en' } } },
      },
    });
    const updated = await c.waitFor('session.updated');
    expect(updated.session).toMatchObject({ type: 'realtime', output_modalities: ['text'] });
    send(c, { type: 'conversation.item.create', event_id: 'c-2', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Ping' }] } });
    send(c, { type: 'response.create', event_id: 'c-3', response: { output_modalities: ['text'] } });
    const done = await c.waitFor('response.done');
    expect(done.response.status).toBe('completed');
    const text = c.events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('You said: "Ping".');
    expect(c.errors).toEqual([]);
    expect(sim.session(c.key)!.errors).toEqual([]);
    c.rt.close();
  });

  it('completes an audio turn: append real speech, commit, response.create, audio deltas', async () => {
    const c = await connect();
    await c.waitFor('session.created');
    send(c, {
      type: 'session.update',
      session: {
        type: 'realtime',
        output_modalities: ['audio'],
        audio: {
          input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, noise_reduction: { type: 'near_field' } },
          output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'Clive', speed: 1 },
        },
      },
    });
    await c.waitFor('session.updated');
    const speech = espeakPcm('Hello from the official client');
    for (let off = 0; off < speech.length; off += 4800) {
      send(c, { type: 'input_audio_buffer.append', audio: speech.subarray(off, off + 4800).toString('base64') });
    }
    send(c, { type: 'input_audio_buffer.commit', event_id: 'c-commit' });
    send(c, { type: 'response.create', event_id: 'c-resp' });
    const committed = await c.waitFor('input_audio_buffer.committed');
    const done = await c.waitFor('response.done');
    expect(done.response.status).toBe('completed');
    const audio = Buffer.concat(c.events.flatMap((e) => (e.type === 'response.output_audio.delta' ? [Buffer.from(e.delta, 'base64')] : [])));
    expect(audio.length).toBeGreaterThan(24000); // more than half a second of speech
    expect(rmsOf(audio)).toBeGreaterThan(0.02);
    expect(sim.session(c.key)!.committedAudio(committed.item_id)!.equals(speech)).toBe(true);
    expect(c.errors).toEqual([]);
    // The SDK's extra `model` query parameter was accepted and ignored.
    expect(sim.session(c.key)!.url).toContain('model=openai');
    c.rt.close();
  });
});
