import { Notification } from 'electron';
import type { NotifierPort } from '../services/ports';

/** Native notifications; a click brings the window back. Silently skipped where unsupported. */
export function electronNotifier(onClick: () => void): NotifierPort {
  return {
    notify({ title, body, level }) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body: body.slice(0, 400), silent: level === 'info', urgency: level === 'error' ? 'critical' : 'normal' });
      n.on('click', onClick);
      n.show();
    },
  };
}
