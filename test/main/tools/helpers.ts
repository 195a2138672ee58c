import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toDisposable, type Disposable } from '../../../src/shared/disposable';
import { defaultSettings, type McpServerConfig, type Settings } from '../../../src/shared/settings';
import type { ToolSettingsAccessor } from '../../../src/main/tools/ports';
import type { ToolPolicy } from '../../../src/main/tools/tool';
import type { ToolCallRequest, ToolCallUpdate } from '../../../src/main/tools/tool-executor';
import { nodeToolPorts, type RecordedToolPorts } from '../../host/node-tool-ports';

/** An in-memory settings store that notifies like the real one. */
export class MemorySettings implements ToolSettingsAccessor {
  private value: Settings = defaultSettings();
  private listeners = new Set<() => void>();

  get(): Settings {
    return this.value;
  }
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
  setToolPolicy(name: string, policy: ToolPolicy): void {
    this.setTools({ policies: { ...this.value.tools.policies, [name]: policy } });
  }
  setTools(patch: Partial<Settings['tools']>): void {
    this.value = { ...this.value, tools: { ...this.value.tools, ...patch } };
    for (const l of [...this.listeners]) l();
  }
  setMcpServers(servers: McpServerConfig[]): void {
    this.value = { ...this.value, mcpServers: servers };
    for (const l of [...this.listeners]) l();
  }
}

export type RecordingPorts = RecordedToolPorts;

/** The test host's recording stand-in ports (side effects in `recorded`), reporting 42 % on battery. */
export function recordingPorts(dataDir: string): RecordingPorts {
  return nodeToolPorts(dataDir, { onBattery: true, percent: 42 });
}

/** A fresh temp folder (realpath'd: macOS /var → /private/var) removed by the returned cleanup. */
export function tempDir(prefix = 'tools-test-'): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let seq = 0;
export function call(name: string, args: unknown = {}): ToolCallRequest {
  return { callId: `call_${++seq}`, name, argumentsJson: typeof args === 'string' ? args : JSON.stringify(args) };
}

export function parse(output: string): Record<string, unknown> {
  return JSON.parse(output) as Record<string, unknown>;
}

export function never(): AbortSignal {
  return new AbortController().signal;
}

export function collectUpdates(target: { onCallUpdate(l: (u: ToolCallUpdate) => void): Disposable }): ToolCallUpdate[] {
  const updates: ToolCallUpdate[] = [];
  target.onCallUpdate((u) => updates.push(u));
  return updates;
}
