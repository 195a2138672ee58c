import type { DictationPhase } from '../../shared/dictation';

/**
 * When the dictation overlay is on screen: from key-down until the outcome is known, then briefly
 * with the outcome (longer for what needs the user: copied, unconfirmed, failed), then hidden.
 * Returns how long to keep showing, in ms; 0 = hide now, Infinity = stay.
 */
export function overlayLinger(phase: DictationPhase): number {
  switch (phase) {
    case 'arming':
    case 'listening':
    case 'transcribing':
    case 'inserting':
      return Number.POSITIVE_INFINITY;
    case 'inserted':
    case 'printed':
    case 'cancelled':
      return 900;
    case 'copied':
    case 'unconfirmed':
    case 'failed':
      return 4000;
    default:
      return 0;
  }
}

/**
 * The overlay's BrowserWindow options (recorded here so a test can check them without Electron):
 * never focusable, so it can never steal the focus the text is going to; a toolbar (Linux) or
 * panel (macOS) window type; no taskbar entry; transparent, frameless, fixed size.
 */
export function overlayWindowOptions(platform: NodeJS.Platform) {
  return {
    width: 380,
    height: 96,
    show: false,
    frame: false,
    transparent: true,
    resizable: false,
    movable: false,
    focusable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    hasShadow: false,
    ...(platform === 'darwin' ? { type: 'panel' } : platform === 'linux' ? { type: 'toolbar' } : {}),
    title: 'Dictation',
  } as const;
}
