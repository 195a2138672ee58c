import { describe, expect, it } from 'vitest';
import { isDictationTurn, isQuickTurn, TURN_ID_BASE } from '../../../../src/main/services/session/turn-ids';

describe('capture turn id ranges', () => {
  it('give every frame exactly one owner: push-to-talk, dictation or the launcher', () => {
    const owner = (id: number) => [isDictationTurn(id) && 'dictation', isQuickTurn(id) && 'quick'].filter(Boolean);
    expect(owner(1)).toEqual([]);
    expect(owner(TURN_ID_BASE.dictation - 1)).toEqual([]);
    expect(owner(TURN_ID_BASE.dictation)).toEqual(['dictation']);
    expect(owner(TURN_ID_BASE.quick - 1)).toEqual(['dictation']);
    expect(owner(TURN_ID_BASE.quick)).toEqual(['quick']);
    expect(owner(TURN_ID_BASE.quick + 1e6)).toEqual(['quick']);
  });
});
