/**
 * The launcher's ports in the test host: a window stand-in that records shows and hides (the page
 * stays loaded, as Electron's hidden window does), and — when there is an X display — the real X11
 * context reader, focus return and a clipboard writer through xclip, so specs use real selections.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { AppControllerDeps } from '../../src/main/services/app-controller';
import type { QuickWindowPort } from '../../src/main/quick/quick-ask-service';
import { X11SelectionReader } from '../../src/main/quick/x11/selection-reader';
import { X11FocusReturn } from '../../src/main/quick/x11/focus-return';

export class RecordingQuickWindow implements QuickWindowPort {
  visible = false;
  readonly log: Array<{ action: 'show' | 'hide'; at: number }> = [];
  show(): void {
    this.visible = true;
    this.log.push({ action: 'show', at: performance.now() });
  }
  hide(): void {
    this.visible = false;
    this.log.push({ action: 'hide', at: performance.now() });
  }
  isVisible(): boolean {
    return this.visible;
  }
}

const hasXclip = () => spawnSync('sh', ['-c', 'command -v xclip'], { stdio: 'ignore' }).status === 0;

export function testHostQuickPorts(window: RecordingQuickWindow): NonNullable<AppControllerDeps['quick']> & { copied: string[] } {
  const copied: string[] = [];
  const x11 = Boolean(process.env.DISPLAY) && !process.env.WAYLAND_DISPLAY;
  return {
    copied,
    window,
    ...(x11 ? { context: new X11SelectionReader(), focus: new X11FocusReturn() } : {}),
    clipboard: {
      writeText(text: string) {
        copied.push(text);
        if (!x11 || !hasXclip()) return;
        const p = spawn('xclip', ['-selection', 'clipboard', '-i'], { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
        p.stdin.end(text);
      },
    },
  };
}
