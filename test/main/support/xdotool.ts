/** Real X11 input and focus for the hotkey tests and the overlay spec: xdotool against the suite's display (xvfb-run, scripts/test.mjs). */
import { execFileSync, spawnSync } from 'node:child_process';

const hasXdotool = spawnSync('sh', ['-c', 'command -v xdotool'], { stdio: 'ignore' }).status === 0;

/** Why X11 input tests cannot run here, or undefined when they can. */
export const x11SkipReason: string | undefined = !process.env.DISPLAY
  ? 'no X display (DISPLAY unset): run the suite under xvfb-run'
  : !hasXdotool
    ? 'xdotool is not installed'
    : process.env.WAYLAND_DISPLAY
      ? 'Wayland session: X11 keys and focus are not what the user has there'
      : undefined;

export const xdotool = (...args: string[]): Buffer => execFileSync('xdotool', args, { timeout: 5000 });
