import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApprovalQueue } from '../../../src/main/tools/approval-broker';
import { defineTool, ToolError, type Tool } from '../../../src/main/tools/tool';
import { ToolRuntime } from '../../../src/main/tools/tool-runtime';
import { staticToolSource } from '../../../src/main/tools/tool-source';
import { call, collectUpdates, MemorySettings, never, parse } from './helpers';

const echo = defineTool({
  name: 'echo',
  description: 'echo',
  risk: 'read',
  schema: z.object({ text: z.string().max(10) }),
  execute: async ({ text }) => ({ echoed: text }),
});

const noArgs = defineTool({ name: 'no_args', description: 'x', risk: 'read', schema: z.object({}), execute: async () => 'fine' });

function sleeper(ms: number, log: string[]): Tool {
  return defineTool({
    name: 'sleep',
    description: 'sleeps',
    risk: 'read',
    schema: z.object({ id: z.string() }),
    execute: ({ id }, ctx) =>
      new Promise((resolve, reject) => {
        log.push(`start ${id}`);
        const t = setTimeout(() => resolve({ id }), ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          log.push(`aborted ${id}`);
          reject(new Error('aborted'));
        });
      }),
  });
}

let runtime: ToolRuntime | undefined;
afterEach(() => runtime?.dispose());

function make(tools: Tool[], opts: Partial<ConstructorParameters<typeof ToolRuntime>[0]> = {}) {
  const settings = new MemorySettings();
  const approvals = new ApprovalQueue();
  runtime = new ToolRuntime({ settings, approvals, sources: [staticToolSource(tools)], ...opts });
  return { settings, approvals, runtime };
}

describe('ToolRuntime: arguments and errors', () => {
  it('runs a valid call and answers with the JSON result', async () => {
    const { runtime } = make([echo]);
    expect(parse(await runtime.execute(call('echo', { text: 'hi' }), never()))).toEqual({ echoed: 'hi' });
  });

  it("treats '' arguments as {}", async () => {
    const { runtime } = make([noArgs]);
    expect(parse(await runtime.execute(call('no_args', ''), never()))).toEqual({ result: 'fine' });
  });

  it('answers invalid JSON, non-object JSON and schema violations with a clear error', async () => {
    const { runtime } = make([echo]);
    const bad = parse(await runtime.execute(call('echo', '{"text": '), never()));
    expect(bad.error).toMatch(/not valid JSON/);
    expect(parse(await runtime.execute(call('echo', '[1,2]'), never())).error).toMatch(/must be a JSON object/);
    expect(parse(await runtime.execute(call('echo', '"str"'), never())).error).toMatch(/must be a JSON object/);
    const wrong = parse(await runtime.execute(call('echo', { text: 42 }), never()));
    expect(wrong.error).toMatch(/invalid arguments/);
    expect(wrong.error).toMatch(/text/);
    expect(parse(await runtime.execute(call('echo', { text: 'far too long text' }), never())).error).toMatch(/invalid arguments/);
  });

  it('answers an unknown tool with an error naming the available tools', async () => {
    const { runtime } = make([echo]);
    const updates = collectUpdates(runtime);
    const out = parse(await runtime.execute(call('rm_rf', {}), never()));
    expect(out.error).toMatch(/unknown or unavailable tool 'rm_rf'/);
    expect(out.error).toMatch(/echo/);
    expect(updates.at(-1)?.status).toBe('failed');
  });

  it('turns a thrown ToolError into its message and any other throw into a failure message', async () => {
    const boom = defineTool({ name: 'boom', description: 'x', risk: 'read', schema: z.object({ kind: z.string() }), execute: async ({ kind }) => {
      if (kind === 'tool') throw new ToolError('file is locked');
      throw new TypeError('undefined is not a function');
    } });
    const { runtime } = make([boom]);
    expect(parse(await runtime.execute(call('boom', { kind: 'tool' }), never())).error).toBe('file is locked');
    expect(parse(await runtime.execute(call('boom', { kind: 'other' }), never())).error).toMatch(/boom failed: undefined is not a function/);
  });

  it('caps huge results and says so, still as valid JSON', async () => {
    const big = defineTool({ name: 'big', description: 'x', risk: 'read', schema: z.object({}), execute: async () => ({ data: 'é'.repeat(50_000) }) });
    const { runtime } = make([big], { maxOutputBytes: 4096 });
    const out = await runtime.execute(call('big'), never());
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(4096);
    const parsed = parse(out);
    expect(parsed.truncated).toBe(true);
    expect(String(parsed.note)).toMatch(/truncated/i);
  });

  it('times out a hanging tool, aborts it, and answers with a timeout error', async () => {
    const log: string[] = [];
    const { runtime } = make([sleeper(10_000, log)], { defaultTimeoutMs: 100 });
    const updates = collectUpdates(runtime);
    const started = Date.now();
    const out = parse(await runtime.execute(call('sleep', { id: 'a' }), never()));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.timedOut).toBe(true);
    expect(out.error).toMatch(/timed out after 0.1 s/);
    expect(log).toEqual(['start a', 'aborted a']);
    expect(updates.map((u) => u.status)).toEqual(['running', 'failed']);
  });

  it('resolves an aborted call with a cancelled output and stops the tool', async () => {
    const log: string[] = [];
    const { runtime } = make([sleeper(10_000, log)]);
    const updates = collectUpdates(runtime);
    const ac = new AbortController();
    const pending = runtime.execute(call('sleep', { id: 'b' }), ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect(parse(await pending).error).toBe('cancelled');
    expect(log).toContain('aborted b');
    expect(updates.at(-1)?.status).toBe('cancelled');
    // Already aborted before the call: cancelled without starting.
    expect(parse(await runtime.execute(call('sleep', { id: 'c' }), ac.signal)).error).toBe('cancelled');
    expect(log).not.toContain('start c');
  });

  it('runs several calls concurrently', async () => {
    const log: string[] = [];
    const { runtime } = make([sleeper(300, log)]);
    const started = Date.now();
    const outs = await Promise.all(['1', '2', '3', '4'].map((id) => runtime.execute(call('sleep', { id }), never())));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outs.map((o) => parse(o).id)).toEqual(['1', '2', '3', '4']);
  });

  it('never rejects, even when a tool source throws', async () => {
    const settings = new MemorySettings();
    runtime = new ToolRuntime({
      settings,
      approvals: new ApprovalQueue(),
      sources: [{ tools: () => { throw new Error('source down'); }, onToolsChanged: () => ({ dispose() {} }) }, staticToolSource([echo])],
    });
    expect(parse(await runtime.execute(call('echo', { text: 'x' }), never()))).toEqual({ echoed: 'x' });
  });
});

describe('ToolRuntime: definitions and policies', () => {
  const writer = defineTool({ name: 'writer', description: 'w', risk: 'write', schema: z.object({}), execute: async () => 'wrote' });

  it('offers enabled tools only, with JSON Schema parameters', () => {
    let on = false;
    const gated = defineTool({ name: 'gated', description: 'g', risk: 'read', schema: z.object({}), isEnabled: () => on, execute: async () => 1 });
    const { runtime } = make([echo, gated]);
    const defs = runtime.definitions();
    expect(defs.map((d) => d.name)).toEqual(['echo']);
    expect(defs[0]).toMatchObject({ type: 'function', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } });
    on = true;
    expect(runtime.definitions().map((d) => d.name)).toEqual(['echo', 'gated']);
    expect(runtime.listTools().find((t) => t.name === 'gated')).toMatchObject({ enabled: true, policy: 'allow', risk: 'read', source: 'builtin' });
  });

  it("defaults reads to allow and side effects to ask; 'never' hides the tool and refuses calls", async () => {
    const { runtime, settings } = make([echo, writer]);
    expect(runtime.listTools().map((t) => t.policy)).toEqual(['allow', 'ask']);
    let fired = 0;
    runtime.onDefinitionsChanged(() => fired++);
    settings.setToolPolicy('echo', 'never');
    expect(fired).toBe(1);
    expect(runtime.definitions().map((d) => d.name)).toEqual(['writer']);
    const out = parse(await runtime.execute(call('echo', { text: 'x' }), never()));
    expect(out.error).toMatch(/turned the tool 'echo' off/);
    // A settings change that does not alter the definitions does not fire.
    settings.setTools({ runCommandEnabled: false });
    expect(fired).toBe(1);
  });
});
