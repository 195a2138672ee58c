import type { Disposable } from '../../shared/disposable';

/** A function tool as sent to the model in `session.update.session.tools`. */
export interface ToolDefinition {
  type: 'function';
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ToolCallRequest {
  callId: string;
  name: string;
  /** The raw JSON string from the model; '' means {}. May be invalid JSON. */
  argumentsJson: string;
  responseId?: string;
}

export type ToolCallStatus = 'pending-approval' | 'running' | 'done' | 'failed' | 'denied' | 'cancelled';

export interface ToolCallUpdate {
  callId: string;
  name: string;
  argumentsJson: string;
  status: ToolCallStatus;
  output?: string;
}

/**
 * The port through which the realtime session runs the model's function calls. Implemented by the
 * tool runtime (src/main/tools); the session never knows which tools exist or how they run.
 * `execute` never rejects: every outcome (success, bad arguments, denial, timeout, abort) comes back
 * as the string to send as `function_call_output.output`.
 */
export interface ToolExecutor {
  definitions(): ToolDefinition[];
  onDefinitionsChanged(listener: () => void): Disposable;
  execute(call: ToolCallRequest, signal: AbortSignal): Promise<string>;
  onCallUpdate(listener: (update: ToolCallUpdate) => void): Disposable;
}
