import type { Disposable } from '../../shared/disposable';
import { McpManager, type McpManagerOptions } from './mcp/mcp-manager';
import type { McpServerStatus } from './mcp/mcp-connection';
import { ApprovalQueue, type ApprovalRequest } from './approval-broker';
import { createBuiltinTools } from './builtin';
import type { ToolPorts, ToolSettingsAccessor } from './ports';
import type { ToolPolicy } from './tool';
import { ToolRuntime, type ToolInfo, type ToolRuntimeOptions } from './tool-runtime';
import { staticToolSource } from './tool-source';

export { ApprovalQueue, type ApprovalBroker, type ApprovalRequest, type ApprovalDecision } from './approval-broker';
export { createBuiltinTools } from './builtin';
export type { ToolPorts, ToolSettingsAccessor, ClipboardPort, OpenExternalPort, OpenPathPort, SystemStatusPort, BatteryInfo } from './ports';
export { ToolRuntime, type ToolInfo, type ToolRuntimeOptions } from './tool-runtime';
export { toolSettingsFromStore, type SettingsStoreLike } from './settings-accessor';
export { McpManager } from './mcp/mcp-manager';
export type { McpServerStatus } from './mcp/mcp-connection';

/**
 * Built-ins + MCP servers behind one ToolExecutor, with approvals. The shell's ToolRuntimePort
 * (src/main/services/ports.ts) is this minus the parts only the composition root uses, so it can be
 * handed to the AppController as is.
 */
export interface ToolSystem extends Disposable {
  /** Give this to the realtime session as `tools`. */
  readonly executor: ToolRuntime;
  readonly approvals: ApprovalQueue;
  readonly mcp: McpManager;
  list(): ToolInfo[];
  setPolicy(name: string, policy: ToolPolicy): Promise<void>;
  respondApproval(requestId: string, decision: 'allow' | 'deny', remember: boolean): boolean;
  mcpStatus(): McpServerStatus[];
  onMcpStatus(listener: (status: McpServerStatus[]) => void): Disposable;
  onApprovalRequest(listener: (request: ApprovalRequest) => void): Disposable;
  onApprovalResolved(listener: (e: { requestId: string; decision: 'allow' | 'deny' | 'timeout' }) => void): Disposable;
  /** Denies pending approvals and stops every MCP server process (await it on app quit). */
  shutdown(): Promise<void>;
}

export interface ToolSystemOptions {
  runtime?: Pick<ToolRuntimeOptions, 'defaultTimeoutMs' | 'approvalTimeoutMs' | 'maxOutputBytes' | 'logger'>;
  mcp?: Omit<McpManagerOptions, 'settings'>;
}

export function createToolSystem(ports: ToolPorts, settings: ToolSettingsAccessor, opts: ToolSystemOptions = {}): ToolSystem {
  const approvals = new ApprovalQueue();
  const mcp = new McpManager({ settings, ...opts.mcp });
  const executor = new ToolRuntime({
    settings,
    approvals,
    sources: [staticToolSource(createBuiltinTools(ports, settings)), mcp],
    ...opts.runtime,
  });
  mcp.start();
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    if (!stopping) {
      approvals.denyAll();
      executor.dispose();
      stopping = mcp.stop();
    }
    return stopping;
  };
  return {
    executor,
    approvals,
    mcp,
    list: () => executor.listTools(),
    setPolicy: (name, policy) => executor.setPolicy(name, policy),
    respondApproval: (requestId, decision, remember) => approvals.respond(requestId, decision, remember),
    mcpStatus: () => mcp.statuses(),
    onMcpStatus: (listener) => mcp.onStatusChanged(listener),
    onApprovalRequest: (listener) => approvals.on('request', listener),
    onApprovalResolved: (listener) => approvals.on('resolved', listener),
    shutdown,
    dispose: () => void shutdown(),
  };
}
