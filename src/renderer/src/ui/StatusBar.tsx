import { useServices } from '../state/context';
import type { AppState } from '../state/app-store';
import { STATUS_LABEL, type StatusKind } from '../state/status';
import { formatUsd } from './money';

/** Connection/turn status, the mode switch and the way to settings. */
export function StatusBar(props: { app: AppState; status: StatusKind; onSettings: () => void; onHistory: () => void }) {
  const { store } = useServices();
  const { app, status } = props;
  const mode = app.session.mode;
  const connected = app.session.status === 'ready' || app.session.status === 'reconnecting' || app.session.status === 'connecting';
  return (
    <header className="bar">
      <div className="bar__title">
        <h1>Inworld Desk</h1>
        {app.session.demo && <span className="tag" data-testid="demo-tag">Demo</span>}
      </div>
      <div className={`status status--${status}`} data-testid="status" data-status={status} role="status" aria-live="polite">
        <span aria-hidden="true" className="status__dot" />
        {STATUS_LABEL[status]}
      </div>
      {app.usage && (
        <span
          className="cost"
          data-testid="cost-totals"
          title={app.usage.estimate ? `Estimates from the default price table (${app.usage.asOf}); edit prices in Settings.` : `Prices as of ${app.usage.asOf}.`}
        >
          Session {formatUsd(app.usage.sessionUsd)} · Today {formatUsd(app.usage.dayUsd)}
          {app.usage.estimate ? ' (est.)' : ''}
        </span>
      )}
      <div className="bar__actions">
        <fieldset className="mode" aria-label="Turn mode">
          <legend className="sr-only">Turn mode</legend>
          {(['push-to-talk', 'hands-free'] as const).map((m) => (
            <label key={m} className={`mode__opt ${mode === m ? 'mode__opt--on' : ''}`}>
              <input
                type="radio"
                name="mode"
                value={m}
                checked={mode === m}
                data-testid={`mode-${m}`}
                onChange={() => void store.run('Switching mode', () => store.api.session.setMode({ mode: m }))}
              />
              {m === 'push-to-talk' ? 'Push-to-talk' : 'Hands-free'}
            </label>
          ))}
        </fieldset>
        {connected ? (
          <button type="button" data-testid="disconnect" onClick={() => void store.run('Disconnect', () => store.api.session.disconnect())}>
            Disconnect
          </button>
        ) : (
          <button type="button" data-testid="connect" onClick={() => void store.run('Connect', () => store.api.session.connect())}>
            Connect
          </button>
        )}
        <button
          type="button"
          data-testid="new-conversation"
          title="Start over: the assistant forgets this conversation (it stays in History)"
          disabled={app.entries.length === 0}
          onClick={() => void store.run('Starting a new conversation', () => store.api.conversation.new())}
        >
          New conversation
        </button>
        <button type="button" data-testid="open-history" onClick={props.onHistory}>
          History
        </button>
        <button type="button" data-testid="open-settings" onClick={props.onSettings} aria-label="Open settings">
          Settings
        </button>
      </div>
    </header>
  );
}
