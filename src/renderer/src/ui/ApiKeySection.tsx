import { useState } from 'react';
import { useServices } from '../state/context';
import type { KeyStatus } from '../state/app-store';

/**
 * Set or replace the API key. The key goes to main once and is never shown back: the renderer only
 * ever learns whether one is set and where it lives.
 */
export function ApiKeySection({ status }: { status: KeyStatus | undefined }) {
  const { store } = useServices();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    const s = await store.run('Saving the key', () => store.setKey(key.trim()));
    setBusy(false);
    if (s) {
      setKey('');
      setResult(s.warning ?? 'Key saved.');
    }
  };
  return (
    <fieldset className="section" data-testid="api-key-section">
      <legend>API key</legend>
      <p data-testid="key-status">
        {status?.set ? `A key is set (${status.source === 'env' ? 'from the environment' : 'in the system keychain'}).` : 'No key is set.'}
        {status &&
          !status.secureStorageAvailable &&
          ' This system has no keychain, so the app does not store a key; it can use INWORLD_API_KEY from the environment instead (see “Allow key from environment” below).'}
      </p>
      {status?.warning && <p className="hint hint--warn">{status.warning}</p>}
      <p className="hint">
        Paste the Base64 “Basic” credential from the Inworld portal. It is stored by the app, never shown again, and only
        sent to Inworld.
      </p>
      <div className="row">
        <label htmlFor="api-key" className="sr-only">
          API key
        </label>
        <input
          id="api-key"
          data-testid="api-key-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          placeholder={status?.set ? 'Paste a new key to replace it' : 'Paste your key'}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="button" data-testid="api-key-save" disabled={busy || key.trim().length < 8} onClick={() => void save()}>
          {status?.set ? 'Replace key' : 'Save key'}
        </button>
        {status?.set && status.source === 'keychain' && (
          <button type="button" data-testid="api-key-clear" disabled={busy} onClick={() => void store.run('Removing the key', () => store.clearKey())}>
            Remove key
          </button>
        )}
      </div>
      {result && (
        <p role="status" className="hint">
          {result}
        </p>
      )}
    </fieldset>
  );
}
