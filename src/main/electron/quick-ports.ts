import { clipboard } from 'electron';
import type { AppControllerDeps } from '../services/app-controller';
import type { ContextReader } from '../quick/context-reader';
import { hasX11Selection, platformContextReader } from '../quick/platform-context-reader';
import { X11FocusReturn } from '../quick/x11/focus-return';
import type { QuickAskWindow } from './quick-ask-window';

/**
 * How the app reads a question's context, for the launcher and for `--ask --context` alike (headless
 * or forwarded): X11's selections where there are some, else Electron's clipboard (read only).
 */
export function electronContextReader(): ContextReader {
  return platformContextReader({ platform: process.platform, env: process.env, readClipboard: () => clipboard.readText() });
}

/**
 * The launcher's ports in the app: on X11 the pure-JS X11 selection reader and focus return; elsewhere
 * the clipboard only (presets that need {selection} then say they need the clipboard).
 */
export function electronQuickPorts(
  window: QuickAskWindow,
  onRecent: (recent: readonly string[]) => void,
  context: ContextReader = electronContextReader(),
): NonNullable<AppControllerDeps['quick']> {
  const x11 = hasX11Selection({ platform: process.platform, env: process.env });
  return {
    window,
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    onRecent,
    context,
    ...(x11 ? { focus: new X11FocusReturn({ ownWindows: () => [window.nativeId()].filter((id): id is number => id !== undefined) }) } : {}),
  };
}
