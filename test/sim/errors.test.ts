// Every client mistake of §7.4 (except session values, truncation and tool outputs, which have their
// own files) is answered with an `error` event of the documented shape, and has no other effect.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, silencePcm, type Ev } from './helpers/raw-client.js';

let sim: Simulator;
let c: RawClient;
beforeAll(async () => {
  sim = await startSimulator();
  c = await RawClient.ready(sim, { audio: { input: { turn_detection: null } } });
});
afterAll(async () => {
  await c.close();
  await sim.close();
});

/** Sends a raw event and returns the error it caused. Asserts the shape of §7.3. */
async function rejected(ev: Ev | string, eventId: string | null = null): Promise<Ev['error']> {
  const before = c.events.length;
  if (typeof ev === 'string') c.sendRaw(ev);
  else c.ws.send(JSON.stringify(ev));
  const err = await c.waitFor('error', () => true, 3000, before);
  expect(Object.keys(err).sort()).toEqual(['error', 'event_id', 'type']);
  expect(Object.keys(err.error).sort()).toEqual(['code', 'event_id', 'message', 'param', 'type']);
  expect(err.error.type).toBe('invalid_request_error');
  expect(err.error.event_id).toBe(eventId);
  expect(typeof err.error.message).toBe('string');
  // No other server event was produced by the bad frame.
  await c.settle();
  const extra = c.events.slice(before).filter((e) => e !== err && !(e.type === 'error' && e.error.param === 'item_id'));
  expect(extra.map((e) => e.type)).toEqual([]);
  return err.error;
}

describe('frame and envelope (rules 1–5)', () => {
  it('1: binary frame', async () => {
    const before = c.events.length;
    c.sendRaw(Buffer.from([1, 2, 3]), true);
    const err = await c.waitFor('error', () => true, 3000, before);
    expect(err.error).toMatchObject({ code: 'invalid_frame', param: null, event_id: null });
  });
  it('2: invalid JSON', async () => {
    expect(await rejected('{"type": "session.update",')).toMatchObject({ code: 'invalid_json', message: 'Failed to parse message', param: null });
  });
  it.each([['[1,2]'], ['42'], ['"x"'], ['null'], ['{"event_id":"e3"}'], ['{"type":7,"event_id":"e3"}']])('3: %s', async (raw) => {
    const eventId = raw.includes('e3') ? 'e3' : null;
    expect(await rejected(raw, eventId)).toMatchObject({ code: 'missing_required_parameter', param: 'type' });
  });
  it('4: unknown client event type (including a client ping)', async () => {
    expect(await rejected({ type: 'ping', event_id: 'e4' }, 'e4')).toMatchObject({ code: 'invalid_value', param: 'type' });
    expect(await rejected({ type: 'response.audio.delta', event_id: 'e4b' }, 'e4b')).toMatchObject({ code: 'invalid_value', param: 'type' });
  });
  it('5: non-string event_id', async () => {
    expect(await rejected({ type: 'input_audio_buffer.clear', event_id: 5 })).toMatchObject({ code: 'invalid_type', param: 'event_id' });
  });
});

describe('fields (rules 6–8)', () => {
  it.each([
    [{ type: 'session.update' }, 'session'],
    [{ type: 'input_audio_buffer.append' }, 'audio'],
    [{ type: 'conversation.item.create' }, 'item'],
    [{ type: 'conversation.item.delete' }, 'item_id'],
    [{ type: 'conversation.item.retrieve' }, 'item_id'],
    [{ type: 'conversation.item.truncate', content_index: 0, audio_end_ms: 0 }, 'item_id'],
    [{ type: 'conversation.item.truncate', item_id: 'x', audio_end_ms: 0 }, 'content_index'],
    [{ type: 'conversation.item.truncate', item_id: 'x', content_index: 0 }, 'audio_end_ms'],
    [{ type: 'conversation.item.create', item: { role: 'user', content: [] } }, 'item.type'],
    [{ type: 'conversation.item.create', item: { type: 'message', content: [] } }, 'item.role'],
    [{ type: 'conversation.item.create', item: { type: 'message', role: 'user' } }, 'item.content'],
    [{ type: 'conversation.item.create', item: { type: 'function_call_output', output: 'x' } }, 'item.call_id'],
    [{ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'c' } }, 'item.output'],
    [{ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text' }] } }, 'item.content[0].text'],
  ])('6: missing %j → %s', async (ev, param) => {
    expect(await rejected({ ...ev, event_id: 'e6' }, 'e6')).toMatchObject({ code: 'missing_required_parameter', param });
  });

  it.each([
    [{ type: 'conversation.item.truncate', item_id: 'x', content_index: '0', audio_end_ms: 0 }, 'content_index'],
    [{ type: 'conversation.item.truncate', item_id: 'x', content_index: 0, audio_end_ms: -1 }, 'audio_end_ms'],
    [{ type: 'conversation.item.truncate', item_id: 'x', content_index: 0, audio_end_ms: 1.5 }, 'audio_end_ms'],
    [{ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'c', output: { ok: true } } }, 'item.output'],
    [{ type: 'input_audio_buffer.append', audio: 123 }, 'audio'],
    [{ type: 'session.update', session: 'realtime' }, 'session'],
    [{ type: 'session.update', session: { temperature: '0.5' } }, 'session.temperature'],
    [{ type: 'response.create', response: { output_modalities: 'audio' } }, 'response.output_modalities'],
    [{ type: 'response.cancel', response_id: 7 }, 'response_id'],
  ])('7: wrong type %j → %s', async (ev, param) => {
    expect(await rejected({ ...ev, event_id: 'e7' }, 'e7')).toMatchObject({ code: 'invalid_type', param });
  });

  it.each([
    [{ type: 'input_audio_buffer.commit', extra: 1 }, 'extra'],
    [{ type: 'session.update', session: { voice: 'Clive' } }, 'session.voice'],
    [{ type: 'session.update', session: { audio: { output: { voice: 'Clive', volume: 1 } } } }, 'session.audio.output.volume'],
    [{ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [], color: 'red' } }, 'item.color'],
    [{ type: 'response.create', response: { voice: 'x' } }, 'response.voice'],
  ])('8: unknown field %j → %s', async (ev, param) => {
    expect(await rejected({ ...ev, event_id: 'e8' }, 'e8')).toMatchObject({ code: 'unknown_parameter', param });
  });

  it('8: providerData branches are lenient (linted, not rejected)', async () => {
    c.send({ type: 'session.update', event_id: 'pd', session: { providerData: { tts: { made_up: 1 }, auto_tool_response: false } } });
    await c.waitFor('session.updated', (e) => e.session.providerData?.tts?.made_up === 1);
    expect(sim.session(c.key)!.lint.some((l) => l.rule === 'legacy-name' && l.message.includes('providerData.tts.made_up'))).toBe(true);
  });

  it('8: non-strict mode accepts unknown fields', async () => {
    const loose = await RawClient.ready(sim, {}, { sim_strict: '0' });
    loose.send({ type: 'input_audio_buffer.clear', whatever: true });
    await loose.waitFor('input_audio_buffer.cleared');
    await loose.close();
  });
});

describe('audio appends (rules 10–12)', () => {
  it.each([
    ['empty', ''],
    ['not base64', 'not base64!'],
    ['whitespace', 'AAAA AAAA'],
    ['missing padding', 'AAA'],
    ['url-safe alphabet', 'AA-_'],
  ])('10: %s', async (_n, audio) => {
    expect(await rejected({ type: 'input_audio_buffer.append', event_id: 'e10', audio }, 'e10')).toMatchObject({ code: 'invalid_value', param: 'audio' });
  });
  it('11: odd byte count', async () => {
    const err = await rejected({ type: 'input_audio_buffer.append', event_id: 'e11', audio: Buffer.alloc(4801).toString('base64') }, 'e11');
    expect(err).toMatchObject({ code: 'invalid_value', param: 'audio' });
    expect(err.message).toContain('4801');
  });
  it('12: more than 15 MiB', async () => {
    const big = Buffer.alloc(15 * 1024 * 1024 + 2).toString('base64');
    expect(await rejected({ type: 'input_audio_buffer.append', event_id: 'e12', audio: big }, 'e12')).toMatchObject({ code: 'invalid_value', param: 'audio' });
  });
  it('rejected appends are not buffered', async () => {
    const rec = sim.session(c.key)!;
    expect(rec.inputAudio.length).toBe(0);
    c.appendPcm(silencePcm(100));
    await c.settle();
    expect(rec.inputAudio.length).toBe(4800);
    c.send({ type: 'input_audio_buffer.clear' });
    await c.waitFor('input_audio_buffer.cleared');
  });
});

describe('responses (rules 14, 15)', () => {
  it('14: response.create while active; 15: cancel when nothing or something else is active', async () => {
    const s = await RawClient.ready(sim, {}, { sim_fault: 'stall' });
    const none = s.send({ type: 'response.cancel' });
    expect((await s.errorFor(none)).error).toMatchObject({ code: 'response_cancel_not_active', param: null });
    s.send({ type: 'response.create' });
    const created = await s.waitFor('response.created');
    const again = s.send({ type: 'response.create' });
    expect((await s.errorFor(again)).error).toMatchObject({ code: 'conversation_already_has_active_response', param: null });
    const wrong = s.send({ type: 'response.cancel', response_id: 'resp_other' });
    expect((await s.errorFor(wrong)).error).toMatchObject({ code: 'response_cancel_not_active', param: 'response_id' });
    s.send({ type: 'response.cancel', response_id: created.response.id });
    const done = await s.waitFor('response.done');
    expect(done.response).toMatchObject({ id: created.response.id, status: 'cancelled', status_details: { type: 'cancelled', reason: 'client_cancelled' } });
    await s.close();
  });
});

describe('items (rules 16, 23–25)', () => {
  it.each(['conversation.item.delete', 'conversation.item.retrieve'])('16: %s of an unknown item', async (type) => {
    expect(await rejected({ type, event_id: 'e16', item_id: 'item_missing' }, 'e16')).toMatchObject({ code: 'item_not_found', param: 'item_id' });
  });
  it.each([
    [{ type: 'reasoning' }, 'item.type'],
    [{ type: 'message', role: 'tool', content: [] }, 'item.role'],
    [{ type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] }, 'item.content[0].type'],
    [{ type: 'message', role: 'assistant', content: [{ type: 'input_audio', audio: 'AAAA' }] }, 'item.content[0].type'],
    [{ type: 'message', role: 'system', content: [{ type: 'input_audio', audio: 'AAAA' }] }, 'item.content[0].type'],
    [{ type: 'message', role: 'user', content: [{ type: 'input_audio', audio: 'AAA' }] }, 'item.content[0].audio'],
  ])('23: bad item %j → %s', async (item, param) => {
    expect(await rejected({ type: 'conversation.item.create', event_id: 'e23', item }, 'e23')).toMatchObject({ code: 'invalid_value', param });
  });
  it('23: assistant history is accepted in both spellings', async () => {
    for (const [t, extra] of [['text', { text: 'a' }], ['output_text', { text: 'b' }], ['audio', { transcript: 'c' }], ['output_audio', { transcript: 'd' }]] as const) {
      c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'assistant', content: [{ type: t, ...extra }] } });
      await c.waitFor('conversation.item.done', (e) => e.item.content[0].type === t);
    }
  });
  it('24: duplicate item id; 25: unknown previous_item_id; delete and retrieve work', async () => {
    const item = { id: 'item_client_1', type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Note' }] };
    c.send({ type: 'conversation.item.create', item });
    await c.waitFor('conversation.item.done', (e) => e.item.id === 'item_client_1');
    expect(await rejected({ type: 'conversation.item.create', event_id: 'e24', item }, 'e24')).toMatchObject({ code: 'invalid_value', param: 'item.id' });
    expect(await rejected({ type: 'conversation.item.create', event_id: 'e25', previous_item_id: 'nope', item: { ...item, id: 'item_client_2' } }, 'e25')).toMatchObject({
      code: 'item_not_found',
      param: 'previous_item_id',
    });
    c.send({ type: 'conversation.item.retrieve', item_id: 'item_client_1' });
    expect((await c.waitFor('conversation.item.retrieved')).item).toMatchObject({ id: 'item_client_1', role: 'system' });
    c.send({ type: 'conversation.item.delete', item_id: 'item_client_1' });
    expect((await c.waitFor('conversation.item.deleted')).item_id).toBe('item_client_1');
  });
});

describe('packet budget (rule 26)', () => {
  it('drops frames over the per-session budget with rate_limit_exceeded', async () => {
    const r = await RawClient.ready(sim, {}, { sim_rate_budget: '5' });
    for (let i = 0; i < 6; i++) r.send({ type: 'input_audio_buffer.clear', event_id: `b${i}` });
    // session.update + b0..b3 use the 5 slots of this second; b4 and b5 are dropped.
    expect((await r.errorFor('b4')).error).toMatchObject({ code: 'rate_limit_exceeded', param: null });
    expect((await r.errorFor('b5')).error.code).toBe('rate_limit_exceeded');
    expect(r.of('input_audio_buffer.cleared').length).toBe(4);
    await r.close();
  });
  it('the account-wide budget is shared by all sessions of one simulator', async () => {
    const small = await startSimulator({ packetsPerSecond: 4 });
    try {
      const a = await RawClient.ready(small); // 1 packet (session.update)
      const b = await RawClient.ready(small); // 2
      a.send({ type: 'input_audio_buffer.clear', event_id: 'a1' }); // 3
      await a.waitFor('input_audio_buffer.cleared');
      b.send({ type: 'input_audio_buffer.clear', event_id: 'b1' }); // 4
      await b.waitFor('input_audio_buffer.cleared');
      const over = b.send({ type: 'input_audio_buffer.clear', event_id: 'b2' });
      expect((await b.errorFor(over)).error.code).toBe('rate_limit_exceeded');
      await a.close();
      await b.close();
    } finally {
      await small.close();
    }
  });

  it('closes with 1008 when sim_rate_action=close', async () => {
    const r = await RawClient.ready(sim, {}, { sim_rate_budget: '2', sim_rate_action: 'close' });
    r.send({ type: 'input_audio_buffer.clear' });
    r.send({ type: 'input_audio_buffer.clear' });
    expect((await r.closed).code).toBe(1008);
  });
});
