// Truncation bounds (§5.1.7, rules 16–20) and cancellation (§5.1.11, §6.6).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, type Ev } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const say = (c: RawClient, text: string) =>
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });

function deliveredMs(c: RawClient, itemId: string): number {
  const bytes = c.of('response.output_audio.delta').filter((e) => e.item_id === itemId).reduce((n, e) => n + Buffer.from(e.delta as string, 'base64').length, 0);
  return bytes / 48;
}

describe('truncate', () => {
  it('accepts up to the delivered audio, rejects beyond it, and trims the transcript', async () => {
    const c = await RawClient.ready(sim);
    say(c, 'Tell me something');
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    const item = done.response.output[0] as Ev;
    const total = deliveredMs(c, item.id as string);
    expect(total).toBeGreaterThan(1000);
    const over = c.send({ type: 'conversation.item.truncate', item_id: item.id, content_index: 0, audio_end_ms: Math.ceil(total) + 1 });
    expect((await c.errorFor(over)).error).toMatchObject({ code: 'invalid_value', param: 'audio_end_ms' });
    const bad = c.send({ type: 'conversation.item.truncate', item_id: item.id, content_index: 1, audio_end_ms: 0 });
    expect((await c.errorFor(bad)).error).toMatchObject({ code: 'invalid_value', param: 'content_index' });
    const half = Math.floor(total / 2);
    c.send({ type: 'conversation.item.truncate', item_id: item.id, content_index: 0, audio_end_ms: half });
    expect(await c.waitFor('conversation.item.truncated')).toMatchObject({ item_id: item.id, content_index: 0, audio_end_ms: half });
    c.send({ type: 'conversation.item.retrieve', item_id: item.id });
    const retrieved = await c.waitFor('conversation.item.retrieved');
    const full = item.content[0].transcript as string;
    const cut = retrieved.item.content[0].transcript as string;
    expect(full.startsWith(cut)).toBe(true);
    expect(cut.length).toBeGreaterThan(full.length * 0.3);
    expect(cut.length).toBeLessThan(full.length * 0.7);
    // retrieve carries the delivered audio bytes.
    expect(Buffer.from(retrieved.item.content[0].audio as string, 'base64').length).toBe(Math.round(total * 48));
    await c.close();
  });

  it('rejects truncating a user item (17) and an unknown item (16)', async () => {
    const c = await RawClient.ready(sim);
    say(c, 'Hi');
    const user = await c.waitFor('conversation.item.done');
    const id = c.send({ type: 'conversation.item.truncate', item_id: user.item.id, content_index: 0, audio_end_ms: 0 });
    expect((await c.errorFor(id)).error).toMatchObject({ code: 'invalid_item_type', param: 'item_id' });
    const id2 = c.send({ type: 'conversation.item.truncate', item_id: 'item_gone', content_index: 0, audio_end_ms: 0 });
    expect((await c.errorFor(id2)).error).toMatchObject({ code: 'item_not_found', param: 'item_id' });
    await c.close();
  });

  it('real-time pacing: rejects audio_end_ms that cannot have been played yet (20)', async () => {
    const c = await RawClient.ready(sim, {}, { sim_scenario: 'long', sim_pacing: 'realtime', sim_lead_ms: '2000' });
    say(c, 'Talk');
    c.send({ type: 'response.create' });
    const first = await c.waitFor('response.output_audio.delta');
    // The lead delivers ~2 s at once, but only a few ms of wall-clock time have passed.
    await new Promise((r) => setTimeout(r, 30));
    expect(deliveredMs(c, first.item_id as string)).toBeGreaterThan(1500);
    const early = c.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 1500 });
    const err = await c.errorFor(early);
    expect(err.error).toMatchObject({ code: 'invalid_value', param: 'audio_end_ms' });
    expect(err.error.message).toContain('could have been played');
    c.send({ type: 'response.cancel' });
    await c.waitFor('response.done');
    c.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 100 });
    await c.waitFor('conversation.item.truncated');
    await c.close();
  });
});

describe('cancel', () => {
  it('takes effect immediately and stops the audio stream', async () => {
    const c = await RawClient.ready(sim, {}, { sim_scenario: 'long', sim_pacing: 'realtime', sim_lead_ms: '300' });
    say(c, 'Talk');
    c.send({ type: 'response.create' });
    const first = await c.waitFor('response.output_audio.delta');
    const t0 = performance.now();
    c.send({ type: 'response.cancel', response_id: first.response_id });
    const done = await c.waitFor('response.done');
    expect(performance.now() - t0).toBeLessThan(500); // the reply has ~15 s of audio left
    expect(done.response).toMatchObject({ status: 'cancelled', status_details: { type: 'cancelled', reason: 'client_cancelled' } });
    expect(done.response.output[0]).toMatchObject({ id: first.item_id, status: 'incomplete' });
    // Minimal style (the prototype's): nothing but response.done for the cut-off item.
    const after = c.events.slice(c.events.indexOf(first));
    expect(after.some((e) => e.type === 'response.output_item.done' || e.type === 'response.output_audio.done')).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(c.events.slice(c.events.indexOf(done) + 1).filter((e) => e.type.startsWith('response.'))).toEqual([]);
    expect(sim.session(c.key)!.outputAudio.get(first.item_id as string)!.length).toBeLessThan(48 * 1000);
    await c.close();
  });

  it('sim_cancel_style=full sends per-part .done events first; sim_late_deltas sends N deltas after', async () => {
    const c = await RawClient.ready(sim, {}, { sim_scenario: 'long', sim_pacing: 'realtime', sim_cancel_style: 'full', sim_late_deltas: '2' });
    say(c, 'Talk');
    c.send({ type: 'response.create' });
    await c.waitFor('response.output_audio.delta');
    c.send({ type: 'response.cancel' });
    const done = await c.waitFor('response.done');
    const i = c.events.indexOf(done);
    expect(c.types().slice(i - 4, i)).toEqual([
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(c.events[i - 1]!.item.status).toBe('incomplete');
    const lateDeltas = () => c.events.slice(i + 1).filter((e) => e.type === 'response.output_audio.delta');
    await vi.waitFor(() => expect(lateDeltas()).toHaveLength(2));
    await c.settle();
    const late = lateDeltas();
    expect(late).toHaveLength(2);
    expect(late.every((e) => e.response_id === done.response.id)).toBe(true);
    await c.close();
  });

  it('lints an interruption of audible audio that is never truncated', async () => {
    const c = await RawClient.ready(sim, {}, { sim_scenario: 'long', sim_pacing: 'realtime', sim_lint_timeout_ms: '100' });
    say(c, 'Talk');
    c.send({ type: 'response.create' });
    await c.waitFor('response.output_audio.delta');
    c.send({ type: 'response.cancel' });
    await c.waitFor('response.done');
    await vi.waitFor(() => expect(sim.session(c.key)!.lint.map((l) => l.rule)).toContain('missing-truncate'));
    await c.close();
  });

  it('output_audio_buffer.clear is answered with .cleared for the last response', async () => {
    const c = await RawClient.ready(sim);
    say(c, 'Hi');
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    c.send({ type: 'output_audio_buffer.clear' });
    expect((await c.waitFor('output_audio_buffer.cleared')).response_id).toBe(done.response.id);
    await c.close();
    const quiet = await RawClient.ready(sim, {}, { sim_clear_reply: '0' });
    quiet.send({ type: 'output_audio_buffer.clear' });
    await quiet.settle();
    expect(quiet.of('output_audio_buffer.cleared')).toHaveLength(0);
    await quiet.close();
  });
});
