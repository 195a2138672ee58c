import type { ToolExecutor } from '../../tools/tool-executor';
import type { FunctionCallState } from '../conversation/response-state';

/**
 * Runs every function call of one response concurrently (§6.5) and returns one output per call, in
 * call order. `execute` is specified never to reject, but a broken executor must not wedge the
 * conversation: a rejection or a missing executor becomes an error output the model can explain.
 */
export interface ToolOutput {
  call: FunctionCallState;
  output: string;
}

export async function runToolCalls(
  executor: ToolExecutor | undefined,
  calls: FunctionCallState[],
  signal: AbortSignal,
  onStart: (call: FunctionCallState) => void,
): Promise<ToolOutput[]> {
  return Promise.all(
    calls.map(async (call): Promise<ToolOutput> => {
      onStart(call);
      if (!executor) return { call, output: JSON.stringify({ error: `tool ${call.name ?? '(unnamed)'} is not available` }) };
      if (!call.name) return { call, output: JSON.stringify({ error: 'the function call had no name' }) };
      try {
        const output = await executor.execute(
          {
            callId: call.callId,
            name: call.name,
            argumentsJson: call.argumentsJson,
            ...(call.responseId ? { responseId: call.responseId } : {}),
          },
          signal,
        );
        return { call, output: typeof output === 'string' ? output : JSON.stringify(output) };
      } catch (err) {
        return { call, output: JSON.stringify({ error: `tool failed: ${err instanceof Error ? err.message : String(err)}` }) };
      }
    }),
  );
}

/** What sending tool results needs from the session. */
export interface ToolOutputSink {
  send(event: { type: 'conversation.item.create'; item: { type: 'function_call_output'; call_id: string; output: string } }): void;
  markAnswered(callId: string): void;
  /** Current status of the call's tool entry (the executor may have reported denied/failed). */
  entryStatus(call: FunctionCallState): string | undefined;
  /** `output` '' means "no output yet". */
  upsert(call: FunctionCallState, status: 'done' | 'cancelled' | 'failed' | 'denied' | 'pending-approval' | 'running', output: string): void;
}

/**
 * One `function_call_output` per call (§6.5). Calls of an interrupted response were not executed
 * but still get an output, so no call is left dangling in the server's conversation.
 */
export function sendToolOutputs(sink: ToolOutputSink, outputs: ToolOutput[], executed: boolean): void {
  for (const { call, output } of outputs) {
    const text = executed ? output : JSON.stringify({ error: 'cancelled: the user interrupted' });
    sink.markAnswered(call.callId);
    sink.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.callId, output: text } });
    const current = sink.entryStatus(call);
    const status = current && current !== 'running' ? (current as Parameters<ToolOutputSink['upsert']>[1]) : executed ? 'done' : 'cancelled';
    sink.upsert(call, status, text);
  }
}

/**
 * One round of §6.5: execute (or, for an interrupted response, only answer) every call, then send
 * the outputs. Returns 'stale' when the socket the call ids belong to died meanwhile (nothing is
 * sent), 'follow-up' when the caller must now send exactly one response.create, 'stopped' when the
 * user interrupted and no follow-up is wanted.
 */
export async function runToolRound(
  executor: ToolExecutor | undefined,
  sink: ToolOutputSink & { stillValid(): boolean },
  calls: FunctionCallState[],
  execute: boolean,
  signal: AbortSignal,
): Promise<'follow-up' | 'stopped' | 'stale'> {
  const outputs = await runToolCalls(execute ? executor : undefined, calls, signal, (call) =>
    sink.upsert(call, execute ? 'running' : 'cancelled', ''),
  );
  if (!sink.stillValid()) return 'stale';
  sendToolOutputs(sink, outputs, execute);
  return execute && !signal.aborted ? 'follow-up' : 'stopped';
}
