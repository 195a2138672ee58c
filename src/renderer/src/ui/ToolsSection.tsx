import { useId, useState } from 'react';
import { useServices } from '../state/context';
import type { Settings, ToolInfo } from '../state/app-store';
import { AllowedFolders } from './AllowedFolders';

const RISK_WORD: Record<ToolInfo['risk'], string> = { read: 'Reads', write: 'Changes things', dangerous: 'Dangerous' };

/** Why a known tool is not offered to the assistant right now. */
function unavailableReason(t: ToolInfo): string {
  if (t.name === 'run_command') return 'Turn on "Run commands" to offer it.';
  if (t.name === 'read_text_file' || t.name === 'open_path') return 'Needs at least one allowed folder.';
  if (t.source.startsWith('mcp:')) return 'Its server is not running.';
  return 'Not available right now.';
}

function sourceWord(source: string): string {
  return source === 'builtin' ? 'Built in' : source.startsWith('mcp:') ? `MCP: ${source.slice(4)}` : source;
}

/**
 * What the assistant may do on this computer: the run-command switch, the allowed folders and,
 * per tool, whether it runs freely, asks first or never. Changes apply at once; the list is
 * reloaded whenever settings or MCP servers change (see AppStore), because they decide which tools exist.
 */
export function ToolsSection({ settings, tools }: { settings: Settings['tools']; tools: ToolInfo[] | undefined }) {
  const available = tools?.filter((t) => t.enabled) ?? [];
  const unavailable = tools?.filter((t) => !t.enabled) ?? [];
  return (
    <fieldset className="section" data-testid="tools-section">
      <legend>Tools</legend>
      <p className="hint">
        <strong>Allow</strong> runs the tool without asking, <strong>Ask</strong> shows an approval card first, <strong>Never</strong> hides
        it from the assistant.
      </p>
      <RunCommandToggle enabled={settings.runCommandEnabled} />
      <AllowedFolders folders={settings.allowedFolders} />
      {!tools ? (
        <p className="hint" role="status">
          Loading the tools…
        </p>
      ) : (
        <>
          <ToolTable caption="Available to the assistant" tools={available} testid="tools-available" />
          {unavailable.length > 0 && (
            <details data-testid="tools-unavailable-group">
              <summary>Not available now ({unavailable.length})</summary>
              <ToolTable caption="Known but not offered" tools={unavailable} testid="tools-unavailable" />
            </details>
          )}
        </>
      )}
    </fieldset>
  );
}

function RunCommandToggle({ enabled: stored }: { enabled: boolean }) {
  const { store } = useServices();
  // Shown at once while main stores it; falls back to main's value (also when it refuses).
  const [pending, setPending] = useState<boolean | null>(null);
  const warning = useId();
  const toggle = async (runCommandEnabled: boolean) => {
    setPending(runCommandEnabled);
    await store.run('Changing "Run commands"', () => store.updateSettings({ tools: { runCommandEnabled } }));
    setPending(null);
  };
  const busy = pending !== null;
  const enabled = pending ?? stored;
  return (
    <div className="subsection">
      <label className="check">
        <input
          type="checkbox"
          data-testid="run-command-toggle"
          checked={enabled}
          disabled={busy}
          aria-describedby={warning}
          onChange={(e) => void toggle(e.target.checked)}
        />
        Run commands
      </label>
      <p id={warning} className={`hint ${enabled ? 'hint--warn' : ''}`} data-testid="run-command-warning">
        Lets the assistant start programs inside your allowed folders. It always asks before every command and shows the exact command
        line, even if you chose Allow; commands never run through a shell.
      </p>
    </div>
  );
}

function ToolTable({ caption, tools, testid }: { caption: string; tools: ToolInfo[]; testid: string }) {
  if (tools.length === 0) {
    return (
      <p className="hint" data-testid={testid}>
        No tools are available. Add a folder or an MCP server to offer more.
      </p>
    );
  }
  return (
    <table className="tools-table" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Tool</th>
          <th scope="col">Risk</th>
          <th scope="col">Source</th>
          <th scope="col">Policy</th>
        </tr>
      </thead>
      <tbody>
        {tools.map((t) => (
          <ToolRow key={t.name} tool={t} />
        ))}
      </tbody>
    </table>
  );
}

function ToolRow({ tool }: { tool: ToolInfo }) {
  const { store } = useServices();
  const [busy, setBusy] = useState(false);
  const alwaysAsks = tool.name === 'run_command';
  const setPolicy = async (policy: ToolInfo['policy']) => {
    setBusy(true);
    await store.setToolPolicy(tool.name, policy);
    setBusy(false);
  };
  return (
    <tr data-testid="tool-row" data-tool={tool.name} data-enabled={tool.enabled} data-policy={tool.policy}>
      <th scope="row">
        <code className="tool__name">{tool.name}</code>
        <span className="tools-table__desc">{tool.description}</span>
        {!tool.enabled && <span className="hint">{unavailableReason(tool)}</span>}
      </th>
      <td>
        <span className={`risk risk--${tool.risk}`} data-testid="tool-risk">
          {RISK_WORD[tool.risk]}
        </span>
      </td>
      <td data-testid="tool-source">{sourceWord(tool.source)}</td>
      <td>
        <select
          data-testid="tool-policy"
          aria-label={`Policy for ${tool.name}`}
          value={tool.policy}
          disabled={busy}
          onChange={(e) => void setPolicy(e.target.value as ToolInfo['policy'])}
        >
          {/* run_command asks every time, so "Allow" would mean "Ask" for it. */}
          {!alwaysAsks && <option value="allow">Allow</option>}
          <option value="ask">Ask first</option>
          <option value="never">Never</option>
        </select>
      </td>
    </tr>
  );
}
