// The client examples of the protocol reference (§2.6–§2.9, §5.1) must be accepted verbatim:
// strictness must never reject what the reference itself recommends sending.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, type Ev } from './helpers/raw-client.js';

const OPEN_APP = {
  type: 'function',
  name: 'open_app',
  description: 'Open a desktop application by name.',
  parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
};
const OUTPUT = { format: { type: 'audio/pcm', rate: 24000 }, model: 'inworld-tts-2', voice: 'Clive', speed: 1.0 };
const INSTRUCTIONS = 'You are a concise desktop voice assistant. Answer in at most three short sentences.';

const PTT_26 = {
  type: 'realtime',
  model: 'openai/gpt-4.1-mini',
  instructions: INSTRUCTIONS,
  output_modalities: ['audio', 'text'],
  temperature: 0.8,
  max_output_tokens: 'inf',
  audio: {
    input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'inworld/inworld-stt-1', language: 'en' }, turn_detection: null },
    output: OUTPUT,
  },
  tools: [OPEN_APP],
  tool_choice: 'auto',
  providerData: { auto_tool_response: false, tts: { segmenter_strategy: 'fast_start' } },
};
const VAD_27 = {
  ...PTT_26,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'inworld/inworld-stt-1', language: 'en' },
      turn_detection: { type: 'semantic_vad', eagerness: 'medium', create_response: true, interrupt_response: true },
    },
    output: OUTPUT,
  },
  providerData: { auto_tool_response: false, tts: { segmenter_strategy: 'fast_start', delivery_mode: 'BALANCED' } },
};
const SERVER_VAD_27 = { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true };
const DICTATION_28 = {
  type: 'realtime',
  instructions: 'You are a dictation engine. Never reply.',
  output_modalities: ['text'],
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'inworld/inworld-stt-1', language: 'en', prompt: 'Vocabulary: Electron, TypeScript, Inworld, WebSocket.' },
      turn_detection: null,
    },
  },
  tools: [],
  tool_choice: 'none',
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

/**
 * Sends `ev` and waits for `reply`; then, since an error the event causes may follow its reply
 * (e.g. one raised after the update was applied), waits for a round trip (a probe the simulator
 * answers with an error of its own) plus a short grace period before checking for errors.
 */
async function accepted(c: RawClient, ev: Ev, reply: string): Promise<void> {
  const from = c.events.length;
  c.send(ev);
  await c.waitFor(reply, () => true, 3000, from);
  const probe = c.send({ type: 'conversation.item.retrieve', item_id: '__probe__' });
  await c.errorFor(probe);
  await new Promise((r) => setTimeout(r, 50));
  expect(c.events.slice(from).filter((e) => e.type === 'error' && e.error?.event_id !== probe)).toEqual([]);
}

describe('reference examples are accepted', () => {
  it.each([
    ['§2.6 push-to-talk', PTT_26],
    ['§2.7 semantic VAD', VAD_27],
    ['§2.7 server VAD', { ...VAD_27, audio: { ...VAD_27.audio, input: { ...VAD_27.audio.input, turn_detection: SERVER_VAD_27 } } }],
    ['§2.8 dictation', DICTATION_28],
  ])('%s session.update', async (_name, session) => {
    const c = await RawClient.connect(sim);
    await c.waitFor('session.created');
    await accepted(c, { type: 'session.update', event_id: 'c-0001', session }, 'session.updated');
    expect(sim.session(c.key)!.lint).toEqual([]);
    await c.close();
  });

  it('§2.9 mid-session updates and the §5.1 client events', async () => {
    const c = await RawClient.ready(sim, PTT_26);
    await accepted(c, { type: 'session.update', event_id: 'c-0031', session: { audio: { output: { voice: 'Sarah' } } } }, 'session.updated');
    await accepted(
      c,
      {
        type: 'session.update',
        event_id: 'c-0032',
        session: { audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high', create_response: true, interrupt_response: true } } } },
      },
      'session.updated',
    );
    await accepted(c, { type: 'session.update', event_id: 'c-0033', session: { model: 'google-ai-studio/gemini-2.5-flash', instructions: 'Answer in French.' } }, 'session.updated');
    await accepted(c, { type: 'session.update', event_id: 'c-0034', session: { audio: { input: { turn_detection: null } } } }, 'session.updated');
    await accepted(c, { type: 'input_audio_buffer.clear', event_id: 'c-0040' }, 'input_audio_buffer.cleared');
    c.send({ type: 'input_audio_buffer.append', audio: 'AAABAAIA/v8=' });
    await accepted(c, { type: 'conversation.item.create', event_id: 'c-0050', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: "What's on my calendar today?" }] } }, 'conversation.item.done');
    await accepted(c, { type: 'conversation.item.create', event_id: 'c-0062', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: "The user's local time is 14:05." }] } }, 'conversation.item.done');
    await accepted(c, { type: 'conversation.item.create', event_id: 'c-0063', item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Your next meeting is at 3 pm.' }] } }, 'conversation.item.done');
    await accepted(c, { type: 'response.create', response: { output_modalities: ['audio', 'text'], instructions: 'Respond in a cheerful tone.' } }, 'response.done');
    await accepted(c, { type: 'output_audio_buffer.clear', event_id: 'c-0077' }, 'output_audio_buffer.cleared');
    await c.close();
  });
});
