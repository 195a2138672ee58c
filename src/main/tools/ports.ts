import type { Disposable } from '../../shared/disposable';
import type { Settings } from '../../shared/settings';
import type { ToolPolicy } from './tool';

/**
 * The small seams between the tools and the desktop. Everything under src/main/tools and
 * src/main/tools/mcp stays Electron-free; src/main/electron/tool-ports.ts implements these with Electron,
 * tests implement them with plain objects.
 */
export interface ClipboardPort {
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
}

export interface OpenExternalPort {
  /** Opens an http(s) URL in the user's browser. The tool validates the URL before calling this. */
  openExternal(url: string): Promise<void>;
}

export interface OpenPathPort {
  /** Opens a file or folder with the OS default handler. Resolves to '' on success, an error text otherwise (Electron's convention). */
  openPath(path: string): Promise<string>;
}

export interface BatteryInfo {
  onBattery: boolean;
  /** 0..100 when the platform reports it. */
  percent?: number;
}

export interface SystemStatusPort {
  battery(): BatteryInfo | null | Promise<BatteryInfo | null>;
  isOnline(): boolean | Promise<boolean>;
}

/** Everything the built-in tools need from the outside world. */
export interface ToolPorts {
  clipboard: ClipboardPort;
  openExternal: OpenExternalPort;
  openPath: OpenPathPort;
  system: SystemStatusPort;
  /** The app's data folder (notes live here). */
  dataDir: string;
}

/**
 * Read and write access to the user's settings, as the tools need it. The shell implements it on
 * top of its settings store; `setToolPolicy` persists a remembered approval decision.
 */
export interface ToolSettingsAccessor {
  get(): Settings;
  onDidChange(listener: () => void): Disposable;
  setToolPolicy(name: string, policy: ToolPolicy): void | Promise<void>;
}
