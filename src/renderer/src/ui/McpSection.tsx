import { useState } from 'react';
import type { McpServerConfig } from '../../../shared/settings';
import { useServices } from '../state/context';
import type { McpStatus, ToolInfo } from '../state/app-store';
import { describeServer } from '../state/mcp-form';
import { McpServerForm } from './McpServerForm';

const STATE_WORD: Record<McpStatus['state'], string> = {
  stopped: 'Stopped',
  starting: 'Starting…',
  running: 'Running',
  crashed: 'Crashed (gave up)',
  backoff: 'Restarting soon',
  disabled: 'Off',
};

/**
 * The user's MCP servers: each configured server with its live status from main (state, tools,
 * restarts, last error, the tail of its stderr), switches to turn it off and on, removal, and the
 * form to add one. Every change is a settings.update of the whole list; main starts and stops the
 * processes to match.
 */
export function McpSection({ servers, statuses, tools }: { servers: McpServerConfig[]; statuses: McpStatus[]; tools: ToolInfo[] | undefined }) {
  return (
    <fieldset className="section" data-testid="mcp-section">
      <legend>MCP servers</legend>
      <p className="hint">
        Model Context Protocol servers give the assistant more tools. Their tools appear in the list above as <code>mcp__server__tool</code>; ones
        that change things ask first.
      </p>
      {servers.length === 0 ? (
        <p className="hint" data-testid="mcp-empty">
          No servers yet.
        </p>
      ) : (
        <ul className="plain-list" data-testid="mcp-servers">
          {servers.map((s) => (
            <ServerCard
              key={s.id}
              config={s}
              status={statuses.find((x) => x.id === s.id)}
              tools={tools?.filter((t) => t.source === `mcp:${s.id}`) ?? []}
            />
          ))}
        </ul>
      )}
      <McpServerForm />
    </fieldset>
  );
}

function ServerCard({ config, status, tools }: { config: McpServerConfig; status: McpStatus | undefined; tools: ToolInfo[] }) {
  const { store } = useServices();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // The switch shows the user's choice at once while main stores it.
  const [pendingEnabled, setPendingEnabled] = useState<boolean | null>(null);
  const enabledShown = pendingEnabled ?? config.enabled;
  const state = status?.state ?? (config.enabled ? 'starting' : 'disabled');
  const titleId = `mcp-${config.id}-title`;

  /** Rewrites the list from the newest settings, so two quick edits cannot undo each other. */
  const edit = async (what: string, change: (list: McpServerConfig[]) => McpServerConfig[]) => {
    setBusy(true);
    const list = store.getSnapshot().settings?.mcpServers ?? [];
    await store.run(what, () => store.updateSettings({ mcpServers: change(list) }));
    setBusy(false);
  };
  const setEnabled = async (enabled: boolean) => {
    setPendingEnabled(enabled);
    await edit(enabled ? `Starting ${config.name}` : `Stopping ${config.name}`, (list) =>
      list.map((s) => (s.id === config.id ? { ...s, enabled } : s)),
    );
    setPendingEnabled(null);
  };
  const remove = () => void edit(`Removing ${config.name}`, (list) => list.filter((s) => s.id !== config.id));

  return (
    <li className="plain-list__item mcp-server" data-testid="mcp-server" data-server-id={config.id} data-state={state} aria-labelledby={titleId}>
      <div className="mcp-server__head">
        <strong id={titleId}>{config.name}</strong>
        <span className={`badge badge--${state}`} data-testid="mcp-state">
          {STATE_WORD[state]}
        </span>
        <label className="check">
          <input
            type="checkbox"
            data-testid="mcp-enabled"
            checked={enabledShown}
            disabled={busy}
            aria-label={`Use ${config.name}`}
            onChange={(e) => void setEnabled(e.target.checked)}
          />
          On
        </label>
        {confirming ? (
          <span className="row" role="group" aria-label={`Remove ${config.name}?`}>
            <button type="button" data-testid="mcp-remove-confirm" disabled={busy} onClick={remove}>
              Remove {config.name}
            </button>
            <button type="button" data-testid="mcp-remove-cancel" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" data-testid="mcp-remove" aria-label={`Remove ${config.name}`} disabled={busy} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </div>
      <code className="path" data-testid="mcp-launch">
        {config.transport === 'stdio' ? 'stdio: ' : 'http: '}
        {describeServer(config)}
      </code>
      <p className="hint">
        <span data-testid="mcp-tool-count">{status?.toolCount ?? 0}</span> tools reported by the server · restarted <span data-testid="mcp-restarts">{status?.restarts ?? 0}</span>{' '}
        {status?.restarts === 1 ? 'time' : 'times'}
      </p>
      {status?.error && (
        <p className="hint hint--warn" data-testid="mcp-error">
          {status.error}
        </p>
      )}
      {tools.length > 0 && (
        <p className="mcp-server__tools" data-testid="mcp-tools">
          {tools.map((t) => (
            <code key={t.name} data-testid="mcp-tool">
              {t.name}
            </code>
          ))}
        </p>
      )}
      {status?.stderrTail ? (
        <details data-testid="mcp-stderr">
          <summary>Server output (stderr)</summary>
          <pre className="tool__pre">{status.stderrTail}</pre>
        </details>
      ) : null}
    </li>
  );
}
