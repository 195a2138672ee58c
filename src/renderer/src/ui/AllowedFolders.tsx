import { useId, useState } from 'react';
import { useServices } from '../state/context';
import { folderError } from '../state/folders';

/**
 * The folders file tools and run_command may touch. Edits apply at once (settings.update with the
 * whole list: arrays replace); main resolves symlinks and re-checks every path when a tool runs.
 */
export function AllowedFolders({ folders }: { folders: readonly string[] }) {
  const { store } = useServices();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const save = async (next: string[]): Promise<boolean> => {
    setBusy(true);
    const done = await store.run('Saving the allowed folders', () => store.updateSettings({ tools: { allowedFolders: next } }));
    setBusy(false);
    return done !== undefined;
  };
  const current = () => store.getSnapshot().settings?.tools.allowedFolders ?? folders;
  const add = async () => {
    const problem = folderError(path, current());
    setError(problem ?? null);
    if (problem) return;
    if (await save([...current(), path.trim()])) setPath('');
  };
  const remove = (folder: string) => void save(current().filter((f) => f !== folder));

  return (
    <section className="subsection" aria-labelledby={`${id}-title`} data-testid="allowed-folders-section">
      <h3 id={`${id}-title`}>Allowed folders</h3>
      <p className="hint">Reading files, opening files and running commands work only inside these folders (and never on credential files).</p>
      {folders.length === 0 ? (
        <p className="hint" data-testid="no-folders">
          No folders yet: the file tools stay off.
        </p>
      ) : (
        <ul className="plain-list" data-testid="allowed-folders">
          {folders.map((f) => (
            <li key={f} className="plain-list__item" data-testid="allowed-folder" data-path={f}>
              <code className="path">{f}</code>
              <button type="button" disabled={busy} aria-label={`Remove folder ${f}`} data-testid="remove-folder" onClick={() => remove(f)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label htmlFor={`${id}-input`} className="sr-only">
          Folder to allow (absolute path)
        </label>
        <input
          id={`${id}-input`}
          data-testid="folder-input"
          value={path}
          placeholder="/home/me/Documents"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setPath(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" data-testid="add-folder" disabled={busy}>
          Add folder
        </button>
      </form>
      {error && (
        <p id={`${id}-error`} role="alert" className="hint hint--warn" data-testid="folder-error">
          {error}
        </p>
      )}
    </section>
  );
}
