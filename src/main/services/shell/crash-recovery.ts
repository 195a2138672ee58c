import type { Logger } from '../../../shared/logger';

/** The part of Electron's WebContents crash recovery needs (a fake in tests). */
export interface CrashableContents {
  on(event: 'render-process-gone', listener: (e: unknown, details: { reason: string; exitCode?: number }) => void): unknown;
  reload(): void;
  isDestroyed(): boolean;
}

/**
 * A renderer that crashed (or was killed, or ran out of memory) is reloaded at once, so the window
 * is never left blank; the audio channel re-attaches on the reload's did-finish-load
 * (electron/audio-channel.ts). A renderer that keeps crashing is reloaded at most `maxReloads` times
 * per `windowMs`, then left for the user (the log says why) instead of spinning.
 */
export function reloadOnCrash(wc: CrashableContents, logger: Logger, opts: { maxReloads?: number; windowMs?: number; now?: () => number } = {}): void {
  const max = opts.maxReloads ?? 3;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const recent: number[] = [];
  wc.on('render-process-gone', (_e, details) => {
    logger.error('renderer gone', details);
    if (details.reason === 'clean-exit' || wc.isDestroyed()) return;
    const t = now();
    while (recent.length && t - recent[0]! > windowMs) recent.shift();
    if (recent.length >= max) {
      logger.error('renderer keeps crashing; not reloading again', { reloads: recent.length, windowMs });
      return;
    }
    recent.push(t);
    wc.reload();
  });
}
