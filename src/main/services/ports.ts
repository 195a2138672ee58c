import type { z } from 'zod';
import type { NoticeLevel } from '../../shared/conversation';
import type { Disposable } from '../../shared/disposable';
import type { EventName, EventPayload, KeyStatusSchema, PttStateSchema } from '../../shared/ipc/contract';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { RealtimeSession, RealtimeSessionOptions } from '../realtime/session-api';
import type { ToolSystem } from '../tools';
import type { ToolExecutor } from '../tools/tool-executor';

/**
 * The seams of the AppController. Electron implements them in src/main/electron, the test host with
 * plain Node, unit tests with fakes. None of these types mention Electron.
 */
export type KeyStatus = z.infer<typeof KeyStatusSchema>;
export type HotkeyStatus = z.infer<typeof PttStateSchema>['hotkey'];

/** Where the controller sends contract events (ipc/event-hub.ts fans them out to renderers). */
export interface EventSink {
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
}

export type SessionFactory = (options: RealtimeSessionOptions) => RealtimeSession;

export interface SettingsStorePort {
  get(): Settings;
  /** Deep-merges, validates (throws on an invalid result, nothing persisted) and persists. */
  update(patch: SettingsPatch): Settings;
  onDidChange(listener: (settings: Settings) => void): Disposable;
}

/** Main-only access to the API key. `read` never reaches the bridge: the contract has no call for it. */
export interface KeyStorePort {
  status(): Promise<KeyStatus>;
  set(key: string): Promise<KeyStatus>;
  clear(): Promise<KeyStatus>;
  read(): Promise<string | undefined>;
}

/**
 * The tool system as the shell sees it: src/main/tools defines and builds it (ToolSystem); the shell
 * needs only its executor and the settings/approval verbs, not the MCP manager or the shutdown.
 * Absent = no tools.
 */
export type ToolRuntimePort = Omit<ToolSystem, 'executor' | 'approvals' | 'mcp' | 'shutdown' | 'dispose'> & {
  executor: ToolExecutor;
};

/** The global hotkey service; press/release come back through AppController.pttPress/pttRelease. */
export interface HotkeyPort {
  status(): HotkeyStatus;
  configure(accelerator: string, behaviour: 'auto' | 'hold' | 'toggle'): void;
  onStatus(listener: (status: HotkeyStatus) => void): Disposable;
}

export interface NotifierPort {
  notify(n: { title: string; body: string; level: NoticeLevel }): void;
}

/** What the controller needs to know about / do with the app's windows. */
export interface ShellPort {
  isWindowVisible(): boolean;
  showWindow(): void;
  /** The tray's small "Quick ask" prompt window. */
  showQuickAsk(): void;
  openLogs(): Promise<void>;
  setLaunchAtLogin(enabled: boolean): void;
  /** Quit the app (the shell runs its quit sequence). */
  quit(): void;
}

export interface AppIdentity {
  name: string;
  version: string;
  platform: string;
  host: 'electron' | 'test-host';
}
