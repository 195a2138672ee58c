/**
 * The tools `ask` offers the model. A terminal query has no one to approve a side effect, so only
 * read-only built-ins are offered, and only those that need nothing from the desktop (clipboard,
 * browser, file manager) or from the app's settings and data folder. Everything goes through the
 * same ToolRuntime as the app, so validation, timeouts and the output cap are identical.
 */
import os from 'node:os';
import { toDisposable } from '../../shared/disposable';
import { defaultSettings } from '../../shared/settings';
import { createBuiltinTools, ToolRuntime, type ToolPorts, type ToolSettingsAccessor } from '../tools';
import type { ApprovalBroker } from '../tools/approval-broker';
import { staticToolSource } from '../tools/tool-source';
import type { Tool } from '../tools/tool';

/**
 * An allow-list, not a deny-list: a new built-in is not offered headless until someone decides it
 * needs no port and no approval. Both conditions are checked (see `cliTools`).
 */
export const CLI_TOOL_NAMES: readonly string[] = ['get_datetime', 'system_info'];

function unavailable(what: string): never {
  // Unreachable: no offered tool uses these ports. Failing loudly beats touching the desktop.
  throw new Error(`${what} is not available from the command line`);
}

/** Ports for Node without Electron: only the system status is real. */
function cliPorts(): ToolPorts {
  return {
    clipboard: { readText: () => unavailable('the clipboard'), writeText: () => unavailable('the clipboard') },
    openExternal: { openExternal: async () => unavailable('opening URLs') },
    openPath: { openPath: async () => unavailable('opening files') },
    system: {
      // Node has no portable battery API; the tool reports "not available".
      battery: () => null,
      // A non-internal interface with an address is as much as Node can tell without a request.
      isOnline: () => Object.values(os.networkInterfaces()).some((list) => (list ?? []).some((i) => !i.internal)),
    },
    // Never written: the notes tools are not offered. A scratch path keeps the constructor harmless.
    dataDir: os.tmpdir(),
  };
}

/** Default settings, read-only: the CLI has no settings store, and no policy is ever remembered. */
function cliSettings(): ToolSettingsAccessor {
  const settings = defaultSettings();
  return { get: () => settings, onDidChange: () => toDisposable(() => {}), setToolPolicy: () => {} };
}

/** Nobody can answer a prompt in a one-shot query: anything that asks is denied at once. */
const denyAll: ApprovalBroker = { request: async () => ({ decision: 'deny' }) };

/** The offered subset of the built-ins: on the allow-list and read-only. */
export function cliTools(all: Tool[]): Tool[] {
  return all.filter((t) => CLI_TOOL_NAMES.includes(t.name) && t.risk === 'read');
}

/** The ToolExecutor `ask` hands to the realtime session; dispose it when the query ends. */
export function createCliToolRuntime(): ToolRuntime {
  const settings = cliSettings();
  const tools = cliTools(createBuiltinTools(cliPorts(), settings));
  return new ToolRuntime({ settings, approvals: denyAll, sources: [staticToolSource(tools)] });
}
