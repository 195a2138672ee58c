import { globalShortcut } from 'electron';
import type { ShortcutPort } from '../services/hotkey/hotkey-service';

/** globalShortcut behind the hotkey service's port; `register` reports a conflict as false. */
export const electronShortcuts: ShortcutPort = {
  register(accelerator, onPress) {
    if (globalShortcut.isRegistered(accelerator)) return false;
    return globalShortcut.register(accelerator, onPress);
  },
  unregister(accelerator) {
    globalShortcut.unregister(accelerator);
  },
};
