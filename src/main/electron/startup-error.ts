import { app, dialog } from 'electron';

/**
 * The last net of start-up: whatever was thrown before the window exists is shown in a native
 * error box (visible even with no window and no tray), with where the log is, and the app then
 * exits so the single-instance lock does not keep a broken, invisible instance alive.
 */
export function showStartupErrorAndExit(err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  let logs = '';
  try {
    logs = `\n\nThe log is in ${app.getPath('logs')}.`;
  } catch {
    // Paths are unavailable very early; the message still says what happened.
  }
  console.error('startup failed', err);
  try {
    dialog.showErrorBox('Inworld Desk could not start', `${detail.slice(0, 2000)}${logs}`);
  } finally {
    app.exit(1);
  }
}

/** A non-blocking notice for something start-up repaired (e.g. a damaged settings file moved aside). */
export function showStartupNotice(message: string): void {
  void dialog.showMessageBox({ type: 'warning', title: 'Inworld Desk', message: 'Inworld Desk repaired a problem', detail: message, buttons: ['OK'] });
}
