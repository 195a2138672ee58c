import type { z } from 'zod';
import type { Disposable } from '../../shared/disposable';
import type {
  ApprovalRequestSchema,
  KeyStatusSchema,
  McpServerStatusSchema,
  PttStateSchema,
  ToolInfoSchema,
} from '../../shared/ipc/contract';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { RealtimeSession, RealtimeSessionOptions } from '../realtime/session-api';
import type { ToolExecutor } from '../tools/tool-executor';

/**
 * The seams of the AppController. Electron implements them in src/main/electron, the test host with
 * plain Node, unit tests with fakes. None of these types mention Electron.
 */
export type KeyStatus = z.infer<typeof KeyStatusSchema>;
export type ToolInfo = z.infer<typeof ToolInfoSchema>;
export type McpServerStatus = z.infer<typeof McpServerStatusSchema>;
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;
export type HotkeyStatus = z.infer<typeof PttStateSchema>['hotkey'];

export type SessionFactory = (options: RealtimeSessionOptions) => RealtimeSession;

export interface SettingsStorePort {
  get(): Settings;
  /** Deep-merges, validates (throws on an invalid result, nothing persisted) and persists. */
  update(patch: SettingsPatch): Settings;
  onDidChange(listener: (settings: Settings) => void): Disposable;
}

/**
 * Asks the user, in main and outside the page (a native dialog in the app, a scripted answer in the
 * test host), whether privileged changes may apply. Resolves true only on an explicit yes.
 */
export interface PrivilegedChangeGate {
  confirm(request: { title: string; changes: string[] }): Promise<boolean>;
}

/** Main-only access to the API key. `read` never reaches the bridge: the contract has no call for it. */
export interface KeyStorePort {
  status(): Promise<KeyStatus>;
  set(key: string): Promise<KeyStatus>;
  clear(): Promise<KeyStatus>;
  read(): Promise<string | undefined>;
}

/** The tool runtime as the shell sees it (src/main/tools implements it; absent = no tools). */
export interface ToolRuntimePort {
  executor: ToolExecutor;
  list(): ToolInfo[];
  setPolicy(name: string, policy: 'allow' | 'ask' | 'never'): Promise<void> | void;
  respondApproval(requestId: string, decision: 'allow' | 'deny', remember: boolean): boolean;
  mcpStatus(): McpServerStatus[];
  onMcpStatus(listener: (status: McpServerStatus[]) => void): Disposable;
  onApprovalRequest(listener: (request: ApprovalRequest) => void): Disposable;
  onApprovalResolved(listener: (e: { requestId: string; decision: 'allow' | 'deny' | 'timeout' }) => void): Disposable;
}

/** The global hotkey service; press/release come back through AppController.pttPress/pttRelease. */
export interface HotkeyPort {
  status(): HotkeyStatus;
  configure(accelerator: string, behaviour: 'auto' | 'hold' | 'toggle'): void;
  onStatus(listener: (status: HotkeyStatus) => void): Disposable;
}

export interface NotifierPort {
  notify(n: { title: string; body: string; level: 'info' | 'warn' | 'error' }): void;
}

/** What the controller needs to know about / do with the app's windows. */
export interface ShellPort {
  isWindowVisible(): boolean;
  showWindow(): void;
  openLogs(): Promise<void>;
  setLaunchAtLogin(enabled: boolean): void;
}

export interface AppIdentity {
  name: string;
  version: string;
  platform: string;
  host: 'electron' | 'test-host';
}
