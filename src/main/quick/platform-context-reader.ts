/**
 * The one place that decides how this system reads a question's context, for every way of asking:
 * the launcher, `inworld-desk --ask --context …` (headless or forwarded to the running app) and
 * `npm run ask --context …`. The selection: on X11, PRIMARY read as an ordinary selection requestor
 * (./x11/selection-reader.ts: nothing written, no key pressed); elsewhere there is none to read.
 * The clipboard: through the host's own reader when it has one (Electron's clipboard in the app),
 * else on X11 the CLIPBOARD as a requestor (plain Node: `npm run ask`). Reading never changes either.
 */
import { contextResult, unsupported, type ContextReader } from './context-reader';
import { X11SelectionReader } from './x11/selection-reader';

export interface PlatformContextOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** The host's clipboard text, where it has a way to read it (reading never changes it). */
  readClipboard?: () => string | Promise<string>;
}

/** X11 (not Wayland: its clients cannot read another app's selection without focus). */
export function hasX11Selection(o: Pick<PlatformContextOptions, 'platform' | 'env'>): boolean {
  return o.platform === 'linux' && Boolean(o.env.DISPLAY) && !o.env.WAYLAND_DISPLAY;
}

export function clipboardOnlyReader(readClipboard: PlatformContextOptions['readClipboard']): ContextReader {
  return {
    supports: readClipboard ? ['clipboard'] : [],
    read: async (kind) => (kind === 'clipboard' && readClipboard ? contextResult(await readClipboard()) : unsupported(kind)),
  };
}

export function platformContextReader(o: PlatformContextOptions): ContextReader {
  if (!hasX11Selection(o)) return clipboardOnlyReader(o.readClipboard);
  const x11 = new X11SelectionReader({ display: o.env.DISPLAY });
  if (!o.readClipboard) return x11;
  const clipboard = clipboardOnlyReader(o.readClipboard);
  return { supports: ['selection', 'clipboard'], read: (kind) => (kind === 'selection' ? x11.read(kind) : clipboard.read(kind)) };
}
