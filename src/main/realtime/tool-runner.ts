import type { ToolExecutor } from '../tools/tool-executor';
import type { FunctionCallState } from './response-state';

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
