import type { SessionState } from './app-store';

/** The one status word the user sees, derived from connection state, turn phase and the mic. */
export type StatusKind =
  | 'offline'
  | 'connecting'
  | 'ready'
  | 'listening'
  | 'thinking'
  | 'approval'
  | 'speaking'
  | 'reconnecting'
  | 'error';

/** `awaitingApproval`: a tool call waits for the user, so the assistant is not "thinking" but blocked on them. */
export function statusOf(session: SessionState, capturing: boolean, awaitingApproval = false): StatusKind {
  switch (session.status) {
    case 'offline':
    case 'connecting':
    case 'reconnecting':
    case 'error':
      return session.status;
    case 'ready':
      if (capturing) return 'listening';
      if (awaitingApproval) return 'approval';
      return session.phase === 'idle' ? 'ready' : session.phase;
  }
}

export const STATUS_LABEL: Record<StatusKind, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  ready: 'Ready',
  listening: 'Listening…',
  thinking: 'Thinking…',
  approval: 'Waiting for your approval',
  speaking: 'Speaking',
  reconnecting: 'Reconnecting…',
  error: 'Error',
};
