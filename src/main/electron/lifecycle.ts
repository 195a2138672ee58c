import { app } from 'electron';

/**
 * The app's one "we are quitting" flag and its quit sequence. Windows that hide on close (the main
 * window keeps the assistant in the tray, the quick-ask prompt is reused) ask `isQuitting()` so a
 * real quit closes them.
 */
let quitting = false;

export function isQuitting(): boolean {
  return quitting;
}

export interface QuitSequence {
  /** Clean shutdown work (session close, MCP servers); awaited, but never longer than `timeoutMs`. */
  shutdown(): Promise<unknown>;
  /** Synchronous teardown after shutdown (windows, tray, subscriptions). */
  cleanup(): void;
  timeoutMs?: number;
}

/** On the first quit request: set the flag, hold the quit until shutdown settles (or times out), then quit. */
export function installQuitSequence(seq: QuitSequence): void {
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    const done = seq.shutdown().catch(() => undefined);
    const timeout = new Promise((r) => setTimeout(r, seq.timeoutMs ?? 3000));
    void Promise.race([done, timeout]).finally(() => {
      seq.cleanup();
      app.quit();
    });
  });
}
