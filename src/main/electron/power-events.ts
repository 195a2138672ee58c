import { powerMonitor } from 'electron';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/disposable';

type PowerEvent = 'suspend' | 'lock-screen' | 'user-did-resign-active' | 'resume' | 'unlock-screen' | 'user-did-become-active';

function listen(events: readonly PowerEvent[], fn: (why: string) => void): Disposable {
  const store = new DisposableStore();
  for (const e of events) {
    const h = () => fn(e);
    powerMonitor.on(e as 'suspend', h);
    store.add(toDisposable(() => powerMonitor.off(e as 'suspend', h)));
  }
  return store;
}

/**
 * Sleep, lock and session switches end any held talk turn and reset hotkey state, so a key-up lost
 * while the machine slept never leaves the microphone open.
 */
export function onPowerInterruptions(reset: (why: string) => void): Disposable {
  return listen(['suspend', 'lock-screen', 'user-did-resign-active'], reset);
}

/** Wake-up and unlock: native key hooks can go deaf across a sleep, so they are re-armed. */
export function onPowerResumed(rearm: (why: string) => void): Disposable {
  return listen(['resume', 'unlock-screen', 'user-did-become-active'], rearm);
}
