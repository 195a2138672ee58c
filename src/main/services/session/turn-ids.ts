/**
 * Capture turn ids (and the launcher's flush request ids) by owner. The renderer's one capture
 * engine serves three owners; main routes each mic frame by its id range, so the ranges must not
 * overlap: push-to-talk counts from 1, dictation from DICTATION, the launcher from QUICK.
 */
export const TURN_ID_BASE = {
  dictation: 1_000_000_000,
  quick: 1_500_000_000,
} as const;

export function isDictationTurn(turnId: number): boolean {
  return turnId >= TURN_ID_BASE.dictation && turnId < TURN_ID_BASE.quick;
}

export function isQuickTurn(turnId: number): boolean {
  return turnId >= TURN_ID_BASE.quick;
}
