// Text turns (§6.4) and function-call turns (§6.5).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient } from './helpers/raw-client.js';

const TOOLS = [
  { type: 'function', name: 'open_app', description: 'Open an app', parameters: { type: 'object', properties: { name: { type: 'string' } } } },
  { type: 'function', name: 'get_time', description: 'Current time', parameters: { type: 'object', properties: {} } },
];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const userText = (text: string) => ({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });

describe('text turn', () => {
  it('answers a text-only response with output_text deltas echoing the user', async () => {
    const c = await RawClient.ready(sim, { output_modalities: ['text'] });
    c.send(userText('Hello there'));
    const added = await c.waitFor('conversation.item.added');
    expect(added.item).toMatchObject({ type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Hello there' }] });
    await c.waitFor('conversation.item.done');
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await c.waitFor('response.done');
    const text = c.of('response.output_text.delta').map((e) => e.delta as string).join('');
    expect(text).toBe('You said: "Hello there".');
    expect(c.of('response.output_audio.delta')).toHaveLength(0);
    expect(done.response.output[0].content).toEqual([{ type: 'text', text }]);
    expect(done.response.usage.total_tokens).toBeGreaterThan(0);
    await c.close();
  });

  it('creating an item never starts a response', async () => {
    const c = await RawClient.ready(sim);
    c.send(userText('Hi'));
    await c.waitFor('conversation.item.done');
    await c.settle();
    expect(c.of('response.created')).toHaveLength(0);
    await c.close();
  });

  it('uses the GA spelling in item content when asked', async () => {
    const c = await RawClient.ready(sim, {}, { sim_content: 'ga' });
    c.send(userText('Hi'));
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    expect(done.response.output[0].content[0].type).toBe('output_audio');
    // content_part events keep the short spelling, as in OpenAI GA.
    expect((await c.waitFor('response.content_part.added')).part.type).toBe('audio');
    await c.close();
  });
});

describe('out-of-band response', () => {
  it('conversation: "none" leaves the conversation untouched', async () => {
    const c = await RawClient.ready(sim);
    c.send(userText('Summarise'));
    c.send({ type: 'response.create', response: { conversation: 'none', output_modalities: ['text'], metadata: { purpose: 'summary' } } });
    const done = await c.waitFor('response.done');
    expect(done.response).toMatchObject({ conversation_id: null, metadata: { purpose: 'summary' }, output_modalities: ['text'] });
    const assistantAdds = c.of('conversation.item.added').filter((e) => e.item.role === 'assistant');
    expect(assistantAdds).toHaveLength(0);
    c.send({ type: 'conversation.item.retrieve', item_id: done.response.output[0].id });
    expect((await c.waitFor('error')).error.code).toBe('item_not_found');
    await c.close();
  });
});

describe('function-call turn', () => {
  it('calls the first tool, then speaks the tool output after function_call_output + response.create', async () => {
    const c = await RawClient.ready(sim, { tools: TOOLS, providerData: { auto_tool_response: false } }, { sim_scenario: 'tool-call', sim_args: '{"name":"Calculator"}' });
    c.send(userText('Open the calculator'));
    c.send({ type: 'response.create' });
    const r1 = await c.waitFor('response.done');
    const call = r1.response.output[0];
    expect(call).toMatchObject({ type: 'function_call', status: 'completed', name: 'open_app', arguments: '{"name":"Calculator"}' });
    const argDeltas = c.of('response.function_call_arguments.delta').map((e) => e.delta as string).join('');
    expect(argDeltas).toBe('{"name":"Calculator"}');
    const argsDone = await c.waitFor('response.function_call_arguments.done');
    expect(argsDone).toMatchObject({ call_id: call.call_id, item_id: call.id, name: 'open_app', arguments: '{"name":"Calculator"}' });
    const added = await c.waitFor('response.output_item.added');
    expect(added.item).toMatchObject({ type: 'function_call', status: 'in_progress', arguments: '', name: 'open_app' });

    const from = c.events.length;
    c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: '{"opened":true}' } });
    await c.waitFor('conversation.item.done', undefined, 3000, from);
    await c.settle();
    expect(c.events.slice(from).some((e) => e.type === 'response.created')).toBe(false); // auto_tool_response false
    c.send({ type: 'response.create' });
    const r2 = await c.waitFor('response.done', (e) => e.response.id !== r1.response.id);
    expect(r2.response.output[0].content[0].transcript).toBe('The tool returned: {"opened":true}.');
    expect(sim.session(c.key)!.lint.map((l) => l.rule)).toEqual([]);
    await c.close();
  });

  it('honours sim_tool, sim_omit_name and sim_empty_args', async () => {
    const c = await RawClient.ready(sim, { tools: TOOLS }, { sim_scenario: 'tool-call', sim_tool: 'get_time', sim_omit_name: '1', sim_empty_args: '1' });
    c.send(userText('What time is it?'));
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    expect(done.response.output[0]).toMatchObject({ name: 'get_time', arguments: '' });
    const argsDone = await c.waitFor('response.function_call_arguments.done');
    expect(argsDone).not.toHaveProperty('name');
    expect(argsDone.arguments).toBe('');
    await c.close();
  });

  it('auto-creates the follow-up when providerData.auto_tool_response is true', async () => {
    const c = await RawClient.ready(sim, { tools: TOOLS, providerData: { auto_tool_response: true } }, { sim_scenario: 'tool-call' });
    c.send(userText('Open it'));
    c.send({ type: 'response.create' });
    const r1 = await c.waitFor('response.done');
    c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: r1.response.output[0].call_id, output: 'ok' } });
    const r2 = await c.waitFor('response.done', (e) => e.response.id !== r1.response.id);
    expect(r2.response.output[0].content[0].transcript).toBe('The tool returned: ok.');
    await c.close();
  });

  it('rejects outputs for unknown and already answered call ids (rules 21, 22)', async () => {
    const c = await RawClient.ready(sim, { tools: TOOLS }, { sim_scenario: 'tool-call' });
    const unknown = c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_nope', output: 'x' } });
    expect((await c.errorFor(unknown)).error).toMatchObject({ code: 'invalid_value', param: 'item.call_id' });
    c.send(userText('Open it'));
    c.send({ type: 'response.create' });
    const r1 = await c.waitFor('response.done');
    const callId = r1.response.output[0].call_id as string;
    c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output: 'ok' } });
    const dup = c.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output: 'again' } });
    expect((await c.errorFor(dup)).error).toMatchObject({ code: 'invalid_value', param: 'item.call_id' });
    await c.close();
  });
});
