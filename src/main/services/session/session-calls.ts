import type { CallHandlers, EventPayload } from '../../../shared/ipc/contract';
import { CallFailure } from '../../../shared/ipc/call-result';
import type { Logger } from '../../../shared/logger';
import type { SettingsStorePort } from '../ports';
import type { SessionHolder } from './session-holder';

type SessionCallNames =
  | 'session.state'
  | 'session.connect'
  | 'session.disconnect'
  | 'session.sendText'
  | 'session.setMode'
  | 'session.interrupt'
  | 'session.retry';

export interface SessionCallsDeps {
  holder: SessionHolder;
  settings: SettingsStorePort;
  logger: Logger;
  /** The state as the window shows it (connection, mode, demo). */
  state(): EventPayload<'session.state'>;
  /** Ends a held push-to-talk turn (before a disconnect). */
  abortPtt(): void;
}

/** Why a call that needs the session cannot run now: the connection's own error and fix, if any. */
export function notConnectedFailure(holder: SessionHolder): CallFailure {
  const e = holder.state.error;
  if (e) return new CallFailure(`${e.message} ${e.fix}`.trim());
  return new CallFailure('Not connected to the realtime service yet; it is still trying. Try again in a moment.');
}

/** The bridge calls on the main conversation's realtime session. */
export function sessionHandlers(d: SessionCallsDeps): Pick<CallHandlers, SessionCallNames> {
  const { holder } = d;
  return {
    'session.state': () => d.state(),
    'session.connect': async () => {
      await holder.connect();
      return { ok: true };
    },
    'session.disconnect': async () => {
      d.abortPtt();
      await holder.disconnect();
      return { ok: true };
    },
    'session.sendText': async ({ text }) => {
      const session = await holder.ensure();
      if (!session) throw notConnectedFailure(holder);
      // The answer streams in as conversation entries; the call returns once the turn is sent.
      session.sendText(text).catch((err) => d.logger.warn('sendText failed', { error: String(err) }));
      return { ok: true };
    },
    'session.setMode': ({ mode }) => {
      d.settings.update({ mode });
      return { ok: true };
    },
    'session.interrupt': async () => {
      await holder.current?.interrupt();
      return { ok: true };
    },
    'session.retry': () => {
      if (!holder.current) throw notConnectedFailure(holder);
      holder.current.retryResponse();
      return { ok: true };
    },
  };
}
