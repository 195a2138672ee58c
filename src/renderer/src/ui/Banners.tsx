import { useEffect, useState } from 'react';
import type { AudioState } from '../audio/audio-engine';
import { useServices } from '../state/context';
import type { AppState } from '../state/app-store';
import type { ConnectionStatusInfo } from '../../../shared/conversation';

/**
 * Everything that needs the user's attention, with what to do about it: connection errors (with
 * the fix text from main), reconnect progress, microphone problems and notices.
 */
export function Banners(props: { app: AppState; audio: AudioState | null; onSettings: () => void }) {
  const { store } = useServices();
  const { app, audio } = props;
  const s = app.session;
  const capture = audio?.capture;
  const player = audio?.player;
  return (
    <div className="banners">
      {s.status === 'error' && s.error && (
        <div className="banner banner--error" role="alert" data-testid="error-banner" data-code={s.error.code}>
          <strong>{s.error.message}</strong>
          {s.error.fix && <span data-testid="error-fix"> {s.error.fix}</span>}
          <span className="banner__actions">
            <button type="button" onClick={() => void store.run('Connect', () => store.api.session.connect())}>
              Try again
            </button>
            <button type="button" onClick={props.onSettings}>
              Settings
            </button>
          </span>
        </div>
      )}
      {s.status === 'reconnecting' && <Reconnecting attempt={s.attempt} nextRetryAt={s.nextRetryAt} />}
      {!app.keyStatus?.set && !s.demo && (
        <div className="banner banner--warn" data-testid="no-key-banner">
          No API key yet. <button type="button" onClick={props.onSettings}>Add your key</button>
        </div>
      )}
      {app.ptt?.hotkey.problem && (
        <div className="banner banner--warn" data-testid="hotkey-banner">
          Global hotkeys: {app.ptt.hotkey.problem}
        </div>
      )}
      {capture && (capture.status === 'denied' || capture.status === 'no-device' || capture.status === 'error') && (
        <div className="banner banner--error" role="alert" data-testid="mic-banner" data-state={capture.status}>
          {capture.message}
        </div>
      )}
      {capture?.status === 'open' && capture.silent && (
        <div className="banner banner--warn" role="alert" data-testid="silent-mic-banner">
          Your microphone is sending only silence. Check that it is not muted, or pick another one in Settings.
        </div>
      )}
      {capture?.message && capture.status !== 'denied' && capture.status !== 'no-device' && capture.status !== 'error' && (
        <div className={`banner ${capture.fallback ? 'banner--warn' : 'banner--info'}`} data-testid="mic-device-banner" data-fallback={capture.fallback}>
          {capture.message}
        </div>
      )}
      {player?.message && (
        <div className={`banner ${player.fallback ? 'banner--warn' : 'banner--info'}`} data-testid="output-banner" data-fallback={player.fallback}>
          {player.message}
        </div>
      )}
      {player?.status === 'blocked' && (
        <div className="banner banner--warn" data-testid="audio-blocked-banner">
          Sound is paused by the browser. Click anywhere to enable it.
        </div>
      )}
      {app.notices.map((n) => (
        <div key={n.id} className={`banner banner--${n.level}`} data-testid="notice" role={n.level === 'error' ? 'alert' : undefined}>
          {n.message}
          <button type="button" className="banner__close" aria-label="Dismiss" onClick={() => store.dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

function Reconnecting({ attempt, nextRetryAt }: Pick<ConnectionStatusInfo, 'attempt' | 'nextRetryAt'>) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const secs = nextRetryAt ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : null;
  return (
    <div className="banner banner--warn" role="status" data-testid="reconnect-banner">
      Connection lost. Reconnecting{attempt ? ` (attempt ${attempt})` : ''}
      {secs !== null && secs > 0 ? ` in ${secs} s.` : '…'} Your conversation is kept; you can keep talking.
    </div>
  );
}
