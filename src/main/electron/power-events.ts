import { powerMonitor } from 'electron';
import { toDisposable, type Disposable } from '../../shared/disposable';

/**
 * Sleep, lock and session switches end any held talk turn and reset hotkey state, so a key-up lost
 * while the machine slept never leaves the microphone open.
 */
export function onPowerInterruptions(reset: (why: string) => void): Disposable {
  const events = ['suspend', 'lock-screen', 'user-did-resign-active'] as const;
  const handlers = events.map((e) => {
    const h = () => reset(e);
    powerMonitor.on(e as 'suspend', h);
    return { e, h };
  });
  return toDisposable(() => {
    for (const { e, h } of handlers) powerMonitor.off(e as 'suspend', h);
  });
}
