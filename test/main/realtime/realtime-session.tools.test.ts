import { describe, expect, it } from 'vitest';
import { toDisposable } from '../../../src/shared/disposable';
import type { ToolCallRequest, ToolCallUpdate, ToolDefinition, ToolExecutor } from '../../../src/main/tools/tool-executor';
import { entries, flush, harness, ready, responseDone, type ScriptedTransport } from './scripted-transport';

class FakeExecutor implements ToolExecutor {
  calls: ToolCallRequest[] = [];
  signals: AbortSignal[] = [];
  private pending: Array<() => void> = [];
  private updateListeners = new Set<(u: ToolCallUpdate) => void>();
  private defListeners = new Set<() => void>();
  hold = false;
  defs: ToolDefinition[] = [{ type: 'function', name: 'open_app', description: 'Open an app', parameters: { type: 'object', properties: {} } }];

  definitions() {
    return this.defs;
  }
  onDefinitionsChanged(l: () => void) {
    this.defListeners.add(l);
    return toDisposable(() => this.defListeners.delete(l));
  }
  onCallUpdate(l: (u: ToolCallUpdate) => void) {
    this.updateListeners.add(l);
    return toDisposable(() => this.updateListeners.delete(l));
  }
  changeDefs() {
    this.defs = [...this.defs, { type: 'function', name: 'clock', description: 'time', parameters: { type: 'object' } }];
    for (const l of this.defListeners) l();
  }
  async execute(call: ToolCallRequest, signal: AbortSignal): Promise<string> {
    this.calls.push(call);
    this.signals.push(signal);
    for (const l of this.updateListeners) l({ callId: call.callId, name: call.name, argumentsJson: call.argumentsJson, status: 'running' });
    if (this.hold) {
      await new Promise<void>((resolve) => {
        this.pending.push(resolve);
        signal.addEventListener('abort', () => resolve());
      });
    }
    if (signal.aborted) return JSON.stringify({ error: 'cancelled' });
    return JSON.stringify({ ok: call.name, args: call.argumentsJson });
  }
  release() {
    for (const r of this.pending.splice(0)) r();
  }
}

function toolResponse(t: ScriptedTransport, rid: string, calls: Array<{ item: string; call: string; name: string; args: string; omitName?: boolean }>) {
  t.server({ type: 'response.created', response: { id: rid } });
  calls.forEach((c, i) => {
    t.server({ type: 'response.output_item.added', response_id: rid, output_index: i, item: { id: c.item, type: 'function_call', status: 'in_progress', call_id: c.call, name: c.name, arguments: '' } });
    t.server({ type: 'response.function_call_arguments.delta', call_id: c.call, delta: c.args.slice(0, 3) });
    t.server({ type: 'response.function_call_arguments.done', response_id: rid, item_id: c.item, call_id: c.call, arguments: c.args, ...(c.omitName ? {} : { name: c.name }) });
  });
  t.server(responseDone(rid, calls.map((c) => ({ id: c.item, type: 'function_call', status: 'completed', call_id: c.call, arguments: c.args, ...(c.omitName ? {} : { name: c.name }) }))));
}

/** A ready session whose response r1 called open_app (f1/c1), with the executor holding that call. */
async function heldToolCall() {
  const tools = new FakeExecutor();
  tools.hold = true;
  const h = harness({ tools });
  const t = await ready(h);
  toolResponse(t, 'r1', [{ item: 'f1', call: 'c1', name: 'open_app', args: '{}' }]);
  await flush(10);
  return { tools, h, t };
}

describe('function calls (§6.5)', () => {
  it('sends tool definitions with auto_tool_response=false and re-sends them when they change', async () => {
    const tools = new FakeExecutor();
    const h = harness({ tools });
    const t = await ready(h);
    expect(t.all('session.update')[0]!.session).toMatchObject({
      tools: [{ type: 'function', name: 'open_app', description: 'Open an app', parameters: { type: 'object', properties: {} } }],
      tool_choice: 'auto',
      providerData: { auto_tool_response: false },
    });
    tools.changeDefs();
    expect(t.last('session.update')!.session.tools?.map((x) => x.name)).toEqual(['open_app', 'clock']);
    await h.session.close();
  });

  it('runs every call of a response concurrently, sends one output per call, then exactly one response.create', async () => {
    const tools = new FakeExecutor();
    const h = harness({ tools });
    const t = await ready(h);
    const answer = h.session.sendText('open calc and notes');
    toolResponse(t, 'r1', [
      { item: 'f1', call: 'c1', name: 'open_app', args: '{"name":"Calculator"}', omitName: true },
      { item: 'f2', call: 'c2', name: 'open_app', args: '' },
    ]);
    await flush(20);
    expect(tools.calls.map((c) => [c.callId, c.name, c.argumentsJson])).toEqual([
      ['c1', 'open_app', '{"name":"Calculator"}'],
      ['c2', 'open_app', ''],
    ]);
    const outputs = t.all('conversation.item.create').filter((e) => e.item.type === 'function_call_output');
    expect(outputs.map((o) => o.item.type === 'function_call_output' && o.item.call_id)).toEqual(['c1', 'c2']);
    expect(t.all('response.create')).toHaveLength(2); // the user's and the single follow-up
    expect(t.types().at(-1)).toBe('response.create');
    expect(entries(h).get('f1')).toMatchObject({ kind: 'tool', callId: 'c1', name: 'open_app', status: 'done' });
    t.server({ type: 'response.created', response: { id: 'r2' } });
    t.server({ type: 'response.output_text.delta', response_id: 'r2', item_id: 'a2', delta: 'Opened both.' });
    t.server(responseDone('r2'));
    await expect(answer).resolves.toMatchObject({ responseId: 'r2', text: 'Opened both.', status: 'completed' });
    await h.session.close();
  });

  it('aborts running tools on interrupt: outputs are still sent, no follow-up response', async () => {
    const { tools, h, t } = await heldToolCall();
    expect(tools.signals[0]!.aborted).toBe(false);
    await h.session.interrupt();
    await flush(20);
    expect(tools.signals[0]!.aborted).toBe(true);
    expect(t.all('conversation.item.create').filter((e) => e.item.type === 'function_call_output')).toHaveLength(1);
    expect(t.all('response.create')).toHaveLength(0);
    await h.session.close();
  });

  it('aborts running tools when the session closes', async () => {
    const { tools, h } = await heldToolCall();
    await h.session.close();
    expect(tools.signals[0]!.aborted).toBe(true);
  });

  it('calls of a cancelled response are not executed but answered as cancelled', async () => {
    const tools = new FakeExecutor();
    const h = harness({ tools });
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'r1' } });
    t.server({ type: 'response.output_item.added', response_id: 'r1', item: { id: 'f1', type: 'function_call', call_id: 'c1', name: 'open_app' } });
    t.server(responseDone('r1', [{ id: 'f1', type: 'function_call', call_id: 'c1', name: 'open_app', arguments: '{}' }], 'cancelled'));
    await flush(20);
    expect(tools.calls).toHaveLength(0);
    const out = t.all('conversation.item.create').find((e) => e.item.type === 'function_call_output');
    expect(out?.item).toMatchObject({ call_id: 'c1' });
    expect(t.all('response.create')).toHaveLength(0);
    expect(entries(h).get('f1')).toMatchObject({ status: 'cancelled' });
    await h.session.close();
  });

  it('without an executor, calls get an error output so the model can explain', async () => {
    const h = harness();
    const t = await ready(h);
    toolResponse(t, 'r1', [{ item: 'f1', call: 'c1', name: 'open_app', args: '{}' }]);
    await flush(20);
    const out = t.all('conversation.item.create').find((e) => e.item.type === 'function_call_output');
    expect(out?.item.type === 'function_call_output' && JSON.parse(out.item.output)).toMatchObject({ error: expect.stringContaining('not available') });
    expect(t.all('response.create')).toHaveLength(1);
    await h.session.close();
  });
});
