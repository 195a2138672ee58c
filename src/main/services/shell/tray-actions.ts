import type { Settings, SettingsPatch } from '../../../shared/settings';
import type { Logger } from '../../../shared/logger';
import type { TrayAction } from './tray-model';

/** What a tray menu item may do; the controller provides it, so the Electron tray only forwards clicks. */
export interface TrayActionTarget {
  pttActive: boolean;
  pttPress(source: 'tray'): Promise<void>;
  pttRelease(source: 'tray'): Promise<void>;
  showScreen(screen: 'settings'): void;
  settings: { update(patch: SettingsPatch): Settings };
  shell?: { showWindow(): void; showQuickAsk(): void; openLogs(): Promise<void>; quit(): void };
  logger: Logger;
}

export function runTrayAction(action: TrayAction, t: TrayActionTarget): void {
  switch (action) {
    case 'talk':
      if (t.pttActive) void t.pttRelease('tray');
      else void t.pttPress('tray');
      return;
    case 'quick-ask':
      t.shell?.showQuickAsk();
      return;
    case 'mode-ptt':
      t.settings.update({ mode: 'push-to-talk' });
      return;
    case 'mode-hands-free':
      t.settings.update({ mode: 'hands-free' });
      return;
    case 'open':
      t.shell?.showWindow();
      return;
    case 'settings':
      t.shell?.showWindow();
      t.showScreen('settings');
      return;
    case 'logs':
      void t.shell?.openLogs().catch((err: unknown) => t.logger.warn('tray: could not open the logs folder', { error: String(err) }));
      return;
    case 'quit':
      t.shell?.quit();
      return;
    case 'dictate':
      return;
  }
}
