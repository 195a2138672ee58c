// The demo scenario end to end over a real WebSocket: the app's own realtime core (through
// `npm run ask`'s runAsk) talks to the simulator, which plans tool calls for a few intents and
// speaks about their outputs. The simulator stays strict: no lint findings, no protocol errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsk } from '../../src/main/cli/ask';
import { toDisposable } from '../../src/shared/disposable';
import type { ToolExecutor } from '../../src/main/tools/tool-executor';
import { startSimulator, type Simulator } from './index.js';
import { planDemo } from './demo-intents.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'demo' });
});
afterAll(async () => {
  await sim.close();
});

async function ask(question: string, executor?: ToolExecutor) {
  let out = '';
  let err = '';
  const code = await runAsk(['--endpoint', sim.url, '--', question], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { INWORLD_API_KEY: sim.key },
    ...(executor ? { executor } : {}),
  });
  const s = sim.sessions.at(-1)!;
  expect(s.lint, 'simulator lint findings').toEqual([]);
  expect(s.errors, 'protocol errors').toEqual([]);
  return { code, out: out.trim(), err };
}

function notesExecutor(calls: Array<{ name: string; arguments: string }>): ToolExecutor {
  return {
    definitions: () => [{ type: 'function', name: 'notes_append', description: 'save a note', parameters: { type: 'object', properties: { text: { type: 'string' } } } }],
    onDefinitionsChanged: () => toDisposable(() => {}),
    onCallUpdate: () => toDisposable(() => {}),
    execute: async (c) => (calls.push({ name: c.name, arguments: c.argumentsJson }), JSON.stringify({ saved: true, at: '2026-12-01T21:00:00Z' })),
  };
}

describe('sim_scenario=demo', () => {
  it('"what time is it" calls get_datetime and says the time it returned', async () => {
    const r = await ask('What time is it?');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^It is \w+day, \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}:\d{2}/);
    const items = sim.sessions.at(-1)!.clientEvents.map((e) => e.event as { type: string; item?: { type: string } });
    expect(items.some((e) => e.type === 'conversation.item.create' && e.item?.type === 'function_call_output')).toBe(true);
  });

  it('"what can you do" explains the demo and names the tools the session offers', async () => {
    const r = await ask('what can you do');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^This is the demo/);
    expect(r.out).toContain('get_datetime');
  });

  it('a note goes to notes_append with the words after "note", then is confirmed', async () => {
    const calls: Array<{ name: string; arguments: string }> = [];
    const r = await ask('Take a note: buy oat milk.', notesExecutor(calls));
    expect(calls).toEqual([{ name: 'notes_append', arguments: '{"text":"buy oat milk"}' }]);
    expect(r.out).toBe('Done, I saved that note.');
  });

  it('anything else is answered with what the demo understands, not an echo', async () => {
    const r = await ask('Tell me a joke');
    expect(r.out).toMatch(/^I heard "Tell me a joke", but in this demo I only understand a few things/);
  });
});

describe('planDemo (the intents)', () => {
  const tools = [{ name: 'get_datetime' }, { name: 'clipboard_read' }, { name: 'notes_append' }];
  it('maps each intent to its tool, and says so when the tool is not offered', () => {
    expect(planDemo("what's the date today", tools)).toEqual([{ kind: 'function_call', name: 'get_datetime', arguments: '{}' }]);
    expect(planDemo('what is on my clipboard?', tools)).toEqual([{ kind: 'function_call', name: 'clipboard_read', arguments: '{}' }]);
    expect(planDemo('remember to call Ana', tools)).toEqual([{ kind: 'function_call', name: 'notes_append', arguments: '{"text":"call Ana"}' }]);
    expect(planDemo('take a note', tools)[0]).toMatchObject({ kind: 'message', text: expect.stringMatching(/What should the note say/) });
    expect(planDemo('tell me a story', tools)[0]).toMatchObject({ kind: 'message', text: expect.stringMatching(/long enough for you to interrupt/) });
    expect(planDemo('what time is it', [])[0]).toMatchObject({ kind: 'message', text: expect.stringMatching(/no clock tool/) });
  });
});
