import type { CallSender } from '../../shared/ipc/contract';
import { originOf } from '../services/security/origin';

/**
 * Decides whether a caller is our own renderer: the top frame of a document served from one of
 * `allowedOrigins` (in production only `app://app`; in dev also electron-vite's dev server; in the
 * test host its own http origin). Compares parsed origins, never string prefixes, so
 * `app://app.evil` or `http://127.0.0.1:5173@evil` cannot pass.
 */
export function createSenderPolicy(allowedOrigins: readonly string[]): (sender: CallSender) => boolean {
  const allowed = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== undefined));
  return (sender) => {
    if (!sender.isMainFrame || !sender.frameUrl) return false;
    const origin = originOf(sender.frameUrl);
    return origin !== undefined && allowed.has(origin);
  };
}
