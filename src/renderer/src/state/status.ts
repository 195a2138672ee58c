import type { SessionState } from './app-store';

/** The one status word the user sees, derived from connection state, turn phase and the mic. */
export type StatusKind = 'offline' | 'connecting' | 'ready' | 'listening' | 'thinking' | 'speaking' | 'reconnecting' | 'error';

export function statusOf(session: SessionState, capturing: boolean): StatusKind {
  switch (session.status) {
    case 'offline':
    case 'connecting':
    case 'reconnecting':
    case 'error':
      return session.status;
    case 'ready':
      if (capturing) return 'listening';
      return session.phase === 'idle' ? 'ready' : session.phase;
  }
}

export const STATUS_LABEL: Record<StatusKind, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  ready: 'Ready',
  listening: 'Listening…',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  reconnecting: 'Reconnecting…',
  error: 'Error',
};
