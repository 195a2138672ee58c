import type { HotkeyStatus } from '../services/ports';

/** Which trigger path is in use, in the words Settings shows (the CLI forwarder always works). */
export function triggerWords(hk: Pick<HotkeyStatus, 'accelerator' | 'registered' | 'holdSupported' | 'behaviour'>): string {
  const cli = 'or `inworld-desk --dictate toggle` from a system shortcut';
  if (!hk.accelerator) return `no hotkey set; ${cli}`;
  if (!hk.registered) return `${hk.accelerator} is not available; ${cli}`;
  if (hk.holdSupported) {
    const how = hk.behaviour === 'hold' ? 'hold to dictate' : hk.behaviour === 'toggle' ? 'tap to start and stop' : 'hold, or tap to start and stop';
    return `native key hook: ${hk.accelerator} (${how}); Esc cancels`;
  }
  return `global shortcut: ${hk.accelerator} (tap to start and stop); ${cli}`;
}
