import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApprovalQueue, type ApprovalRequest } from '../../../src/main/tools/approval-broker';
import { defineTool } from '../../../src/main/tools/tool';
import { ToolRuntime } from '../../../src/main/tools/tool-runtime';
import { staticToolSource } from '../../../src/main/tools/tool-source';
import { call, collectUpdates, MemorySettings, never, parse } from './helpers';

let runs: string[] = [];
const send = defineTool({
  name: 'send_message',
  description: 'sends',
  risk: 'write',
  schema: z.object({ to: z.string() }),
  summarize: ({ to }) => `Send a message to ${to}`,
  execute: async ({ to }) => {
    runs.push(to);
    return { sent: to };
  },
});
const alwaysAsk = defineTool({
  name: 'shell_like',
  description: 'x',
  risk: 'dangerous',
  alwaysAsk: true,
  schema: z.object({}),
  execute: async () => {
    runs.push('shell');
    return 'ran';
  },
});

let runtime: ToolRuntime | undefined;
afterEach(() => {
  runtime?.dispose();
  runs = [];
});

function make(approvalTimeoutMs = 60_000) {
  const settings = new MemorySettings();
  const approvals = new ApprovalQueue();
  runtime = new ToolRuntime({ settings, approvals, sources: [staticToolSource([send, alwaysAsk])], approvalTimeoutMs });
  const requests: ApprovalRequest[] = [];
  const resolved: Array<{ requestId: string; decision: string }> = [];
  approvals.on('request', (r) => requests.push(r));
  approvals.on('resolved', (r) => resolved.push(r));
  return { settings, approvals, runtime, requests, resolved };
}

/** Answers the next approval prompt as soon as it appears. */
function answer(approvals: ApprovalQueue, decision: 'allow' | 'deny', remember = false): Promise<ApprovalRequest> {
  return new Promise((resolve) => {
    const d = approvals.on('request', (req) => {
      d.dispose();
      queueMicrotask(() => {
        approvals.respond(req.requestId, decision, remember);
        resolve(req);
      });
    });
  });
}

describe('approval flows', () => {
  it('asks before a side effect, shows what will happen, and runs on allow', async () => {
    const { approvals, runtime, resolved } = make();
    const updates = collectUpdates(runtime);
    const asked = answer(approvals, 'allow');
    const out = parse(await runtime.execute(call('send_message', { to: 'Ann' }), never()));
    const req = await asked;
    expect(req).toMatchObject({ tool: 'send_message', risk: 'write', summary: 'Send a message to Ann', argumentsJson: '{"to":"Ann"}' });
    expect(req.expiresAt).toBeGreaterThan(Date.now());
    expect(out).toEqual({ sent: 'Ann' });
    expect(runs).toEqual(['Ann']);
    expect(updates.map((u) => u.status)).toEqual(['pending-approval', 'running', 'done']);
    expect(resolved).toEqual([{ requestId: req.requestId, decision: 'allow' }]);
  });

  it('does not run on deny and tells the model it was not performed', async () => {
    const { approvals, runtime } = make();
    const updates = collectUpdates(runtime);
    void answer(approvals, 'deny');
    const out = parse(await runtime.execute(call('send_message', { to: 'Bob' }), never()));
    expect(out.denied).toBe(true);
    expect(out.error).toMatch(/denied .*NOT performed/);
    expect(runs).toEqual([]);
    expect(updates.map((u) => u.status)).toEqual(['pending-approval', 'denied']);
  });

  it('treats an unanswered request as denied after the timeout and takes the prompt down', async () => {
    const { approvals, runtime, resolved, requests } = make(150);
    const out = parse(await runtime.execute(call('send_message', { to: 'Cy' }), never()));
    expect(out.error).toMatch(/approval timed out/);
    expect(runs).toEqual([]);
    expect(resolved).toEqual([{ requestId: requests[0]!.requestId, decision: 'timeout' }]);
    expect(approvals.list()).toEqual([]);
    // A late click changes nothing.
    expect(approvals.respond(requests[0]!.requestId, 'allow')).toBe(false);
    expect(runs).toEqual([]);
  });

  it("'remember' on allow stores the policy so the next call runs without asking", async () => {
    const { approvals, runtime, settings, requests } = make();
    void answer(approvals, 'allow', true);
    await runtime.execute(call('send_message', { to: 'Di' }), never());
    expect(settings.get().tools.policies.send_message).toBe('allow');
    await runtime.execute(call('send_message', { to: 'Ed' }), never());
    expect(requests).toHaveLength(1);
    expect(runs).toEqual(['Di', 'Ed']);
  });

  it("'remember' on deny turns the tool off and removes it from the definitions", async () => {
    const { approvals, runtime, settings } = make();
    let changed = 0;
    runtime.onDefinitionsChanged(() => changed++);
    void answer(approvals, 'deny', true);
    await runtime.execute(call('send_message', { to: 'Fay' }), never());
    expect(settings.get().tools.policies.send_message).toBe('never');
    expect(changed).toBe(1);
    expect(runtime.definitions().map((d) => d.name)).not.toContain('send_message');
  });

  it('an always-ask tool keeps asking even after a remembered allow or a stored allow policy', async () => {
    const { approvals, runtime, settings, requests } = make();
    void answer(approvals, 'allow', true);
    await runtime.execute(call('shell_like'), never());
    settings.setToolPolicy('shell_like', 'allow');
    void answer(approvals, 'allow');
    await runtime.execute(call('shell_like'), never());
    expect(requests).toHaveLength(2);
    expect(runs).toEqual(['shell', 'shell']);
    expect(runtime.listTools().find((t) => t.name === 'shell_like')?.policy).toBe('ask');
  });

  it('cancelling the call while the prompt is up withdraws the prompt and answers cancelled', async () => {
    const { runtime, resolved, requests, approvals } = make();
    const ac = new AbortController();
    const pending = runtime.execute(call('send_message', { to: 'Gil' }), ac.signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(approvals.list()).toHaveLength(1);
    ac.abort();
    expect(parse(await pending).error).toBe('cancelled');
    expect(resolved).toEqual([{ requestId: requests[0]!.requestId, decision: 'deny' }]);
    expect(runs).toEqual([]);
  });

  it('keeps concurrent approvals apart', async () => {
    const { runtime, approvals, requests } = make();
    const a = runtime.execute(call('send_message', { to: 'A' }), never());
    const b = runtime.execute(call('send_message', { to: 'B' }), never());
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(2);
    const byTo = (to: string) => requests.find((r) => r.argumentsJson.includes(`"${to}"`))!.requestId;
    approvals.respond(byTo('B'), 'allow');
    approvals.respond(byTo('A'), 'deny');
    expect(parse(await b)).toEqual({ sent: 'B' });
    expect(parse(await a).denied).toBe(true);
    expect(runs).toEqual(['B']);
  });

  it('a broker that throws counts as a denial, not a crash', async () => {
    const settings = new MemorySettings();
    runtime = new ToolRuntime({
      settings,
      approvals: { request: () => Promise.reject(new Error('window gone')) },
      sources: [staticToolSource([send])],
    });
    expect(parse(await runtime.execute(call('send_message', { to: 'Hal' }), never())).denied).toBe(true);
    expect(runs).toEqual([]);
  });
});
