// Protocol lint (§7.5): recorded on the SessionRecord; sent as protocol_lint errors in pedantic mode.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, espeakPcm, silencePcm } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const rules = (c: RawClient) => sim.session(c.key)!.lint.map((l) => l.rule);
const userText = { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } };

describe('lint', () => {
  it('a well-behaved push-to-talk session has no findings', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: null } } });
    c.appendPcm(silencePcm(400), 1920);
    c.send({ type: 'input_audio_buffer.commit' });
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    expect(rules(c)).toEqual([]);
    await c.close();
  });

  it('first event, audio before ready, missing and duplicate event ids, chunk size', async () => {
    const c = await RawClient.connect(sim);
    await c.waitFor('session.created');
    c.ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: silencePcm(10).toString('base64') }));
    c.ws.send(JSON.stringify({ type: 'input_audio_buffer.clear' }));
    c.ws.send(JSON.stringify({ type: 'input_audio_buffer.clear', event_id: 'same' }));
    c.ws.send(JSON.stringify({ type: 'input_audio_buffer.clear', event_id: 'same' }));
    await c.settle();
    expect(rules(c)).toEqual(['first-event-not-session-update', 'audio-before-ready', 'append-chunk-size', 'missing-event-id', 'duplicate-event-id']);
    await c.close();
  });

  it('more than 50 appends per second', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: null } } });
    c.appendPcm(silencePcm(51 * 20), 960);
    await c.settle();
    expect(rules(c)).toEqual(['append-rate']);
    await c.close();
  });

  it('user text without response.create', async () => {
    const c = await RawClient.ready(sim, {}, { sim_lint_timeout_ms: '50' });
    c.send(userText);
    await vi.waitFor(() => expect(rules(c)).toEqual(['item-without-response']));
    c.send(userText);
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    await new Promise((r) => setTimeout(r, 300)); // well past the 50 ms lint timeout
    expect(rules(c)).toEqual(['item-without-response']);
    await c.close();
  });

  it('response.create after a VAD turn that already creates one', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } }, { sim_fault: 'stall' });
    const speech = espeakPcm('hello there');
    const whole = Buffer.concat([speech, Buffer.alloc(4800 - (speech.length % 4800)), silencePcm(400)]); // whole 100 ms chunks
    c.appendPcm(whole);
    await c.waitFor('response.created');
    // The usual mistake: response.create right after the VAD commit, while the server's response runs.
    const dup = c.send({ type: 'response.create' });
    expect((await c.errorFor(dup)).error.code).toBe('conversation_already_has_active_response');
    expect(rules(c)).toEqual(['response-create-after-vad']);
    c.send({ type: 'response.cancel' });
    await c.waitFor('response.done');
    // A tool output (or any new item) is a new reason to respond: no lint for the next create.
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'note' }] } });
    c.send({ type: 'response.create' });
    await c.waitFor('response.created', (e) => e !== c.of('response.created')[0]);
    expect(rules(c)).toEqual(['response-create-after-vad']);
    await c.close();
  });

  it('response.create before every tool call has an output', async () => {
    const tools = [{ type: 'function', name: 'a' }];
    const c = await RawClient.ready(sim, { tools }, { sim_scenario: 'tool-call' });
    c.send(userText);
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    c.send({ type: 'response.create' });
    await c.waitFor('response.created', (e) => e !== c.of('response.created')[0]);
    expect(rules(c)).toContain('tool-response-create');
    await c.close();
  });

  it('legacy names and changed start-fixed fields', async () => {
    const c = await RawClient.ready(sim, { providerData: { tts: { conversational: true } } });
    c.send({ type: 'session.update', session: { provider_data: {} } });
    c.send({ type: 'session.update', session: { providerData: { tts: { conversational: false }, shiny: {} } } });
    await c.settle();
    const found = sim.session(c.key)!.lint.map((l) => `${l.rule}:${l.message.split(': ').at(-1)}`);
    expect(found).toEqual(expect.arrayContaining(['legacy-name:provider_data', 'legacy-name:providerData.shiny', expect.stringMatching(/^fixed-at-start-changed/)]));
    await c.close();
  });

  it('pedantic mode sends findings as protocol_lint errors', async () => {
    const c = await RawClient.connect(sim, { sim_pedantic: '1' });
    await c.waitFor('session.created');
    c.ws.send(JSON.stringify({ type: 'input_audio_buffer.clear', event_id: 'x1' }));
    const err = await c.errorFor('x1');
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'protocol_lint' });
    expect(err.error.message).toContain('first-event-not-session-update');
    await c.close();
  });
});
