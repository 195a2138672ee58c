import type { BatteryInfo, ToolPorts } from '../../src/main/tools';

/**
 * Tool ports for the browser test host: the built-in tools run for real against these in-memory
 * stand-ins (no real clipboard, browser or file manager is touched), and every side effect is
 * recorded so a spec can assert what a tool did. The vitest tool tests use the same ports
 * (test/main/tools/helpers.ts), with their own battery reading.
 */
export interface RecordedToolPorts extends ToolPorts {
  recorded: { clipboard: string; openedUrls: string[]; openedPaths: string[] };
}

export function nodeToolPorts(dataDir: string, battery: BatteryInfo = { onBattery: false, percent: 80 }): RecordedToolPorts {
  const recorded = { clipboard: '', openedUrls: [] as string[], openedPaths: [] as string[] };
  return {
    recorded,
    dataDir,
    clipboard: {
      readText: () => recorded.clipboard,
      writeText: (t) => {
        recorded.clipboard = t;
      },
    },
    openExternal: {
      openExternal: async (url) => {
        recorded.openedUrls.push(url);
      },
    },
    openPath: {
      openPath: async (p) => {
        recorded.openedPaths.push(p);
        return '';
      },
    },
    system: { battery: () => ({ ...battery }), isOnline: () => true },
  };
}
