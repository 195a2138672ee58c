/** Real X11 input for the hotkey tests: xdotool against the suite's display (xvfb-run, scripts/test.mjs). */
import { execFileSync, spawnSync } from 'node:child_process';

const hasXdotool = spawnSync('sh', ['-c', 'command -v xdotool'], { stdio: 'ignore' }).status === 0;

/** Why X11 key tests cannot run here, or undefined when they can. */
export const x11KeySkipReason: string | undefined = !process.env.DISPLAY
  ? 'no X display (DISPLAY unset): run the suite under xvfb-run to test the native key hook'
  : !hasXdotool
    ? 'xdotool is not installed'
    : process.env.WAYLAND_DISPLAY
      ? 'Wayland session: the native hook cannot see keys there'
      : undefined;

export const xdotool = (...args: string[]): Buffer => execFileSync('xdotool', args, { timeout: 5000 });
