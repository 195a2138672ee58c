import { describe, expect, it } from 'vitest';
import { PttTurn } from '../../../../src/main/realtime/mic/ptt-turn';

const chunk = (ms: number, tag: number) => new Uint8Array(ms * 48).fill(tag);

describe('PttTurn (the push-to-talk copy of an utterance)', () => {
  it('replays everything appended, re-chunked to at most 100 ms per append', () => {
    const t = new PttTurn();
    t.add(chunk(250, 1));
    t.add(chunk(40, 2));
    const replay = t.replayChunks();
    expect(replay.map((c) => c.length / 48)).toEqual([100, 100, 50, 40]);
    expect(replay.map((c) => c[0])).toEqual([1, 1, 1, 2]);
    expect(t.capturedMs).toBe(290);
  });

  it('bounds the copy: the oldest audio goes first and is counted, the captured length is not', () => {
    const t = new PttTurn(200);
    for (let i = 1; i <= 4; i++) t.add(chunk(100, i));
    expect(t.droppedMs).toBe(200);
    expect(t.capturedMs).toBe(400);
    expect(t.replayChunks().map((c) => c[0])).toEqual([3, 4]);
  });

  it('release() drops the copy but keeps the turn state', () => {
    const t = new PttTurn();
    t.add(chunk(100, 1));
    t.state = 'commit-pending';
    t.release();
    expect(t.replayChunks()).toEqual([]);
    expect(t.state).toBe('commit-pending');
  });
});
