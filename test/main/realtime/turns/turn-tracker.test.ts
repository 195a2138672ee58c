import { afterEach, describe, expect, it, vi } from 'vitest';
import { TurnTracker } from '../../../../src/main/realtime/turns/turn-tracker';
import type { ResponseSummary } from '../../../../src/main/realtime/conversation/conversation-model';

const done = (responseId: string, over: Partial<ResponseSummary> = {}): ResponseSummary => ({
  responseId,
  status: 'completed',
  calls: [],
  interrupted: false,
  text: '',
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TurnTracker', () => {
  it('pairs response.create requests with responses in order, only once they were sent', async () => {
    const t = new TurnTracker();
    const a = t.startText('one', 'e1');
    const b = t.startText('two', 'e2');
    t.expectResponse('c-1', a, 1000);
    t.expectResponse('c-2', b, 2000);
    // An unsent request (queued while offline) is not answered by a response of the live socket.
    t.responseRequestSent('c-2');
    t.responseCreated('r-1', undefined);
    expect(t.turnOf('r-1')).toBe(b);
    t.responseRequestSent('c-1');
    t.responseCreated('r-2', undefined);
    expect(t.turnOf('r-2')).toBe(a);
    t.responseDone(done('r-1', { text: 'answer two' }), false);
    await expect(b.promise).resolves.toEqual({ responseId: 'r-1', text: 'answer two', status: 'completed' });
  });

  it('measures a voice turn from its commit, not from the response.create after the ack', () => {
    const t = new TurnTracker();
    t.commitSent(500);
    t.expectResponse('c-1', null, 900);
    t.responseRequestSent('c-1');
    t.responseCreated('r-1', undefined);
    expect(t.latencyStart('r-1')).toBe(500);
  });

  it('keeps a sent typed turn as unanswered until its answer is done, for a re-send after a reconnect', () => {
    const t = new TurnTracker();
    const turn = t.startText('hello', 'e1');
    t.markSent(turn);
    expect(t.peekUnanswered()).toMatchObject({ entryId: 'e1', text: 'hello' });
    t.expectResponse('c-1', turn, 0);
    t.responseRequestSent('c-1');
    t.connectionLost();
    expect(t.peekUnanswered()?.text).toBe('hello'); // still owed an answer
    t.expectResponse('c-2', turn, 0);
    t.responseRequestSent('c-2');
    t.responseCreated('r-1', undefined);
    t.responseDone(done('r-1'), false);
    expect(t.peekUnanswered()).toBeNull();
  });

  it('routes an error naming a create to its turn, and defers an already-active response.create', async () => {
    const t = new TurnTracker();
    const turn = t.startText('x', 'e1');
    t.noteCreate('c-1', { kind: 'user-text', entryId: 'e1', turn });
    expect(t.clientEventFailed('c-1', 'invalid_value', 'bad item')).toBe('create');
    await expect(turn.promise).resolves.toMatchObject({ status: 'failed', error: 'bad item' });

    const other = t.startText('y', 'e2');
    t.expectResponse('c-2', other, 0);
    expect(t.clientEventFailed('c-2', 'conversation_already_has_active_response', 'busy')).toBe('response');
    expect(t.takeDeferred()?.turn).toBe(other);
    expect(t.clientEventFailed('c-unknown', null, 'x')).toBeNull();
  });

  it('gives up on a request the server never answered, so later pairings stay right', async () => {
    vi.useFakeTimers();
    const t = new TurnTracker();
    const lost = t.startText('lost', 'e1');
    t.expectResponse('c-1', lost, Date.now());
    t.responseRequestSent('c-1');
    vi.advanceTimersByTime(31_000);
    const next = t.startText('next', 'e2');
    t.expectResponse('c-2', next, Date.now());
    t.responseRequestSent('c-2');
    t.responseCreated('r-1', undefined);
    expect(t.turnOf('r-1')).toBe(next);
    await expect(lost.promise).resolves.toMatchObject({ status: 'failed', error: 'the server never answered' });
  });

  it('failAll settles every open turn', async () => {
    const t = new TurnTracker();
    const a = t.startText('a', 'e1');
    t.failAll('cancelled', 'session closed');
    await expect(a.promise).resolves.toMatchObject({ status: 'cancelled', error: 'session closed' });
    expect(t.stats().openTurns).toBe(0);
  });
});
