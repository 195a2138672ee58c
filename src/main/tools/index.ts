import type { Disposable } from '../../shared/disposable';
import { McpManager, type McpManagerOptions } from '../mcp/mcp-manager';
import { ApprovalQueue } from './approval-broker';
import { createBuiltinTools } from './builtin';
import type { ToolPorts, ToolSettingsAccessor } from './ports';
import { ToolRuntime, type ToolRuntimeOptions } from './tool-runtime';
import { staticToolSource } from './tool-source';

export { ApprovalQueue, type ApprovalBroker, type ApprovalRequest, type ApprovalDecision } from './approval-broker';
export { createBuiltinTools } from './builtin';
export type { ToolPorts, ToolSettingsAccessor, ClipboardPort, OpenExternalPort, OpenPathPort, SystemStatusPort, BatteryInfo } from './ports';
export { ToolRuntime, type ToolInfo, type ToolRuntimeOptions } from './tool-runtime';
export { McpManager } from '../mcp/mcp-manager';
export type { McpServerStatus } from '../mcp/mcp-connection';

export interface ToolSystem extends Disposable {
  /** Give this to the realtime session as `tools`. */
  runtime: ToolRuntime;
  /** Wire `request`/`resolved` to the renderer and notifications, `approval.respond` to respond(). */
  approvals: ApprovalQueue;
  /** `mcp.list` → statuses(), `mcp.status` ← onStatusChanged(). */
  mcp: McpManager;
  /** Stops MCP servers (awaitable, for app quit) and denies pending approvals. */
  shutdown(): Promise<void>;
}

export interface ToolSystemOptions {
  runtime?: Pick<ToolRuntimeOptions, 'defaultTimeoutMs' | 'approvalTimeoutMs' | 'maxOutputBytes' | 'logger'>;
  mcp?: Omit<McpManagerOptions, 'settings'>;
}

/** The composition the shell needs: built-ins + MCP servers behind one ToolExecutor, with approvals. */
export function createToolSystem(ports: ToolPorts, settings: ToolSettingsAccessor, opts: ToolSystemOptions = {}): ToolSystem {
  const approvals = new ApprovalQueue();
  const mcp = new McpManager({ settings, ...opts.mcp });
  const runtime = new ToolRuntime({
    settings,
    approvals,
    sources: [staticToolSource(createBuiltinTools(ports, settings)), mcp],
    ...opts.runtime,
  });
  mcp.start();
  const shutdown = async (): Promise<void> => {
    approvals.denyAll();
    runtime.dispose();
    await mcp.stop();
  };
  return { runtime, approvals, mcp, shutdown, dispose: () => void shutdown() };
}
