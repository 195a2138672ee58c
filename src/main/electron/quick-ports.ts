import { clipboard } from 'electron';
import type { AppControllerDeps } from '../services/app-controller';
import { contextResult, unsupported, type ContextReader } from '../quick/context-reader';
import { X11FocusReturn } from '../quick/x11/focus-return';
import { X11SelectionReader } from '../quick/x11/selection-reader';
import type { QuickAskWindow } from './quick-ask-window';

/** Reads the clipboard's text (reading never changes it); there is no PRIMARY selection here. */
const clipboardOnlyReader: ContextReader = {
  supports: ['clipboard'],
  read: async (kind) => (kind === 'clipboard' ? contextResult(await clipboard.readText()) : unsupported(kind)),
};

/**
 * The launcher's ports in the app: on X11 the pure-JS X11 selection reader and focus return; elsewhere
 * the clipboard only (presets that need {selection} then say they need the clipboard).
 */
export function electronQuickPorts(
  window: QuickAskWindow,
  onRecent: (recent: readonly string[]) => void,
): NonNullable<AppControllerDeps['quick']> {
  const x11 = process.platform === 'linux' && Boolean(process.env.DISPLAY) && !process.env.WAYLAND_DISPLAY;
  return {
    window,
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    onRecent,
    ...(x11
      ? {
          context: new X11SelectionReader(),
          focus: new X11FocusReturn({ ownWindows: () => [window.nativeId()].filter((id): id is number => id !== undefined) }),
        }
      : { context: clipboardOnlyReader }),
  };
}
