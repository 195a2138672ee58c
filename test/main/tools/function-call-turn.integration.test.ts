// A full function-call turn (§6.5) through the real pieces: the realtime session, the simulator, and
// the tool runtime with real built-in tools. The simulator's tool-call scenario calls `sim_tool`
// with `sim_args`, then speaks "The tool returned: <output>." once it has the output.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRealtimeSession, type RealtimeSession } from '../../../src/main/realtime';
import { ApprovalQueue } from '../../../src/main/tools/approval-broker';
import { createBuiltinTools } from '../../../src/main/tools/builtin';
import { defineTool } from '../../../src/main/tools/tool';
import { ToolRuntime } from '../../../src/main/tools/tool-runtime';
import { staticToolSource } from '../../../src/main/tools/tool-source';
import type { ToolCallUpdate } from '../../../src/main/tools/tool-executor';
import { startSimulator, type Simulator } from '../../sim/index';
import { MemorySettings, recordingPorts, tempDir } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ pacing: 'fast' });
});
afterAll(async () => {
  await sim.close();
});

const hang = defineTool({
  name: 'hang_forever',
  description: 'never finishes',
  risk: 'read',
  schema: z.object({}),
  execute: (_args, ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped')))),
});

interface Rig {
  session: RealtimeSession;
  runtime: ToolRuntime;
  approvals: ApprovalQueue;
  settings: MemorySettings;
  ports: ReturnType<typeof recordingPorts>;
  updates: ToolCallUpdate[];
}
let rig: Rig | undefined;
let data: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await rig?.session.close();
  rig?.runtime.dispose();
  data?.cleanup();
  rig = undefined;
});

async function connect(tool: string, args: unknown, approvalTimeoutMs?: number): Promise<Rig> {
  data = tempDir('turn-data-');
  const settings = new MemorySettings();
  const ports = recordingPorts(data.dir);
  const approvals = new ApprovalQueue();
  const runtime = new ToolRuntime({
    settings,
    approvals,
    sources: [staticToolSource([...createBuiltinTools(ports, settings), hang])],
    defaultTimeoutMs: 300,
    ...(approvalTimeoutMs !== undefined ? { approvalTimeoutMs } : {}),
  });
  const q = new URLSearchParams({ sim_scenario: 'tool-call', sim_tool: tool, sim_args: JSON.stringify(args) });
  const session = createRealtimeSession({
    endpoint: `${sim.url}?${q.toString()}`,
    apiKey: sim.key,
    model: 'openai/gpt-4.1-mini',
    instructions: 'test',
    voice: 'Clive',
    ttsModel: 'inworld-tts-2',
    transcriptionModel: 'inworld/inworld-stt-1',
    mode: 'push-to-talk',
    tools: runtime,
  });
  const updates: ToolCallUpdate[] = [];
  runtime.onCallUpdate((u) => updates.push(u));
  await session.connect();
  rig = { session, runtime, approvals, settings, ports, updates };
  return rig;
}

type Ev = Record<string, unknown> & { type?: string; item?: Record<string, unknown>; session?: Record<string, unknown> };
const clientEvents = () => (sim.sessions.at(-1)?.clientEvents ?? []).map((r) => r.event as Ev);
const outputsSent = () =>
  clientEvents()
    .filter((e) => e.type === 'conversation.item.create' && e.item?.type === 'function_call_output')
    .map((e) => String(e.item?.output));

describe('function-call turn against the simulator', () => {
  it('runs the real tool, sends its output, then the assistant answers with it', async () => {
    const { session, updates } = await connect('get_datetime', { timeZone: 'Asia/Kolkata' });
    const sentTools = clientEvents().find((e) => e.type === 'session.update')?.session?.tools as Array<{ name: string }>;
    expect(sentTools.map((t) => t.name)).toContain('get_datetime');
    expect(sentTools.map((t) => t.name)).not.toContain('run_command'); // off until the user enables it

    const result = await session.sendText('What time is it in India?', { textOnly: true });
    expect(result.status).toBe('completed');
    const [output] = outputsSent();
    expect(JSON.parse(output!)).toMatchObject({ timeZone: 'Asia/Kolkata', utcOffset: '+05:30' });
    expect(result.text).toContain('The tool returned:');
    expect(result.text).toContain('Asia/Kolkata');
    // Exactly one response.create follows the output (§6.5).
    const evs = clientEvents();
    const at = evs.findIndex((e) => e.type === 'conversation.item.create' && e.item?.type === 'function_call_output');
    expect(evs.slice(at).filter((e) => e.type === 'response.create')).toHaveLength(1);
    expect(updates.map((u) => u.status)).toEqual(['running', 'done']);
    expect(sim.sessions.at(-1)?.errors).toEqual([]);
  });

  it('a denied approval answers the model with a refusal and does nothing', async () => {
    const { session, approvals, ports } = await connect('clipboard_write', { text: 'overwrite me' });
    approvals.on('request', (r) => approvals.respond(r.requestId, 'deny'));
    const result = await session.sendText('Copy this', { textOnly: true });
    expect(ports.recorded.clipboard).toBe('');
    const output = JSON.parse(outputsSent()[0]!) as { error: string; denied: boolean };
    expect(output.denied).toBe(true);
    expect(result.text).toMatch(/denied/);
  });

  it('an unanswered approval times out as denied: the model gets a refusal and nothing runs', async () => {
    const { session, ports, updates } = await connect('clipboard_write', { text: 'nobody answered' }, 150);
    const result = await session.sendText('Copy this', { textOnly: true });
    expect(ports.recorded.clipboard).toBe('');
    const output = JSON.parse(outputsSent()[0]!) as { error: string; denied: boolean };
    expect(output).toMatchObject({ denied: true, error: expect.stringMatching(/approval timed out.*NOT performed/) });
    expect(result.text).toMatch(/approval timed out/);
    expect(updates.map((u) => u.status)).toEqual(['pending-approval', 'denied']);
  });

  it('a hanging tool times out and the model hears about it', async () => {
    const { session, updates } = await connect('hang_forever', {});
    const started = Date.now();
    const result = await session.sendText('Do the slow thing', { textOnly: true });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(outputsSent()[0]!)).toMatchObject({ timedOut: true });
    expect(result.text).toMatch(/timed out/);
    expect(updates.at(-1)?.status).toBe('failed');
  });

  it('re-sends the tool list when a policy changes', async () => {
    const { runtime } = await connect('get_datetime', {});
    const before = clientEvents().filter((e) => e.type === 'session.update').length;
    await runtime.setPolicy('get_datetime', 'never');
    const deadline = Date.now() + 3000;
    while (clientEvents().filter((e) => e.type === 'session.update').length === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const last = clientEvents().filter((e) => e.type === 'session.update').at(-1)!;
    const names = (last.session?.tools as Array<{ name: string }>).map((t) => t.name);
    expect(names).not.toContain('get_datetime');
    expect(names).toContain('system_info');
  });
});
