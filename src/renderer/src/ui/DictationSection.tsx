import { useEffect, useState } from 'react';
import type { DictationEntry, DictationStatus } from '../../../shared/dictation';
import type { Settings } from '../state/app-store';
import { useServices } from '../state/context';

type DictationSettings = Settings['dictation'];

/**
 * Dictation settings (saved with the form), which trigger path is in use (live from main), and the
 * recent dictations with Copy / Insert again — the journal keeps them across crashes.
 */
export function DictationSection(props: { value: DictationSettings; onChange: (patch: Partial<DictationSettings>) => void }) {
  const { store } = useServices();
  const api = store.api.dictation;
  const [status, setStatus] = useState<DictationStatus | undefined>();
  const [entries, setEntries] = useState<DictationEntry[]>([]);
  useEffect(() => {
    let live = true;
    api.status().then((s) => live && setStatus(s), () => undefined);
    api.list().then((l) => live && setEntries(l), () => undefined);
    const offStatus = api.onStatus((s) => setStatus(s));
    const offEntry = api.onEntry((e) => setEntries((list) => [e, ...list.filter((x) => x.id !== e.id)].slice(0, 100)));
    return () => {
      live = false;
      offStatus();
      offEntry();
    };
  }, [api]);
  const v = props.value;
  return (
    <fieldset className="section" data-testid="dictation-section">
      <legend>Dictation</legend>
      <label className="field">
        <span className="field__label">Dictation hotkey</span>
        <input data-testid="dictation-hotkey" value={v.hotkey} onChange={(e) => props.onChange({ hotkey: e.target.value })} />
      </label>
      <label className="field">
        <span className="field__label">Dictation key behaviour</span>
        <select data-testid="dictation-behaviour" value={v.behaviour} onChange={(e) => props.onChange({ behaviour: e.target.value as DictationSettings['behaviour'] })}>
          <option value="auto">Auto (tap toggles, hold dictates)</option>
          <option value="hold">Hold to dictate</option>
          <option value="toggle">Toggle</option>
        </select>
      </label>
      <p className="hint" data-testid="dictation-trigger">
        {status ? `In use: ${status.trigger}.` : 'In use: …'}
        {status?.problem ? ` ${status.problem}` : ''}
      </p>
      <label className="field">
        <span className="field__label">Paste last dictation</span>
        <input data-testid="dictation-paste-last" value={v.pasteLastHotkey} onChange={(e) => props.onChange({ pasteLastHotkey: e.target.value })} />
      </label>
      <label className="field">
        <span className="field__label">Where the words go</span>
        <select data-testid="dictation-mode" value={v.mode} onChange={(e) => props.onChange({ mode: e.target.value as DictationSettings['mode'] })}>
          <option value="insert">Insert, then restore the clipboard</option>
          <option value="insert-and-keep">Insert and keep them on the clipboard</option>
          <option value="copy-only">Only copy to the clipboard</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">Vocabulary</span>
        <input data-testid="dictation-vocabulary" value={v.vocabulary} placeholder="Names and terms, comma-separated" onChange={(e) => props.onChange({ vocabulary: e.target.value })} />
      </label>
      <label className="field">
        <span className="field__label">Language</span>
        <input data-testid="dictation-language" value={v.language} placeholder="Same as the assistant" onChange={(e) => props.onChange({ language: e.target.value })} />
      </label>
      <label className="check">
        <input type="checkbox" data-testid="dictation-fillers" checked={v.removeFillers} onChange={(e) => props.onChange({ removeFillers: e.target.checked })} />
        Remove fillers (um, uh, erm)
      </label>
      {entries.length > 0 && (
        <ul className="dictations" data-testid="dictation-list">
          {entries.slice(0, 10).map((e) => (
            <li key={e.id} data-testid="dictation-item" data-state={e.state}>
              <span className="dictations__text">{e.text ?? `(${e.reason ?? e.state})`}</span>
              <span className="hint"> {e.state}</span>
              {e.text && (
                <>
                  <button type="button" onClick={() => void store.run('Copying', () => api.copy({ id: e.id }))}>
                    Copy
                  </button>
                  <button type="button" onClick={() => void store.run('Inserting', () => api.insertAgain({ id: e.id }))}>
                    Insert again
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
