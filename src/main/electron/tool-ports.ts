import { clipboard, net, powerMonitor, shell } from 'electron';
import type { ToolPorts } from '../tools/ports';

/**
 * Electron implementations of the tool ports. Deliberately thin: every check (URL scheme, allowed
 * folders, executables) happens in the Electron-free tools, which are what the tests cover.
 */
export function createElectronToolPorts(dataDir: string): ToolPorts {
  return {
    clipboard: {
      readText: () => clipboard.readText(),
      writeText: (text) => clipboard.writeText(text),
    },
    openExternal: {
      openExternal: (url) => shell.openExternal(url, { activate: true }),
    },
    openPath: {
      openPath: (path) => shell.openPath(path),
    },
    system: {
      // Electron reports whether we run on battery, not the charge level.
      battery: () => ({ onBattery: powerMonitor.isOnBatteryPower() }),
      isOnline: () => net.isOnline(),
    },
    dataDir,
  };
}
