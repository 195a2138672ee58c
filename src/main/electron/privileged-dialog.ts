import { BrowserWindow, dialog } from 'electron';
import type { PrivilegedChangeGate } from '../services/ports';
import { escapeForDisplay } from '../tools/display-text';

/**
 * Main's own confirmation for privileged changes: a native message box the page cannot draw, click
 * or dismiss. It lists exactly what would change; Cancel is the default and the Escape answer.
 * One dialog at a time, so two requests never stack into a blind "yes, yes".
 */
export function electronPrivilegedDialog(parent: () => BrowserWindow | undefined): PrivilegedChangeGate {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    confirm({ title, changes }) {
      const ask = async (): Promise<boolean> => {
        const options = {
          type: 'warning' as const,
          title: 'Inworld Desk',
          message: title,
          detail: `${changes.map((c) => `• ${escapeForDisplay(c)}`).join('\n')}\n\nOnly allow this if you asked for it.`,
          buttons: ['Cancel', 'Allow'],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        };
        const win = parent();
        const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
        return response === 1;
      };
      const answer = queue.then(ask, ask);
      queue = answer.catch(() => undefined);
      return answer;
    },
  };
}
