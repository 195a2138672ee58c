import { describe, expect, it } from 'vitest';
import { statusOf } from '../../../src/renderer/src/state/status';

const s = (status: 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'error', phase: 'idle' | 'listening' | 'thinking' | 'speaking' = 'idle') => ({
  status,
  phase,
  mode: 'push-to-talk' as const,
  demo: false,
});

describe('statusOf', () => {
  it('shows connection problems before turn phases', () => {
    expect(statusOf(s('reconnecting', 'speaking'), true)).toBe('reconnecting');
    expect(statusOf(s('error'), false)).toBe('error');
  });
  it('shows listening while the mic captures, otherwise the turn phase', () => {
    expect(statusOf(s('ready', 'speaking'), true)).toBe('listening');
    expect(statusOf(s('ready', 'thinking'), false)).toBe('thinking');
    expect(statusOf(s('ready'), false)).toBe('ready');
  });
  it('says the assistant waits for the user while a tool call needs approval', () => {
    expect(statusOf(s('ready', 'thinking'), false, true)).toBe('approval');
    expect(statusOf(s('ready', 'thinking'), true, true)).toBe('listening');
    expect(statusOf(s('reconnecting', 'thinking'), false, true)).toBe('reconnecting');
  });
});
