import { useId, useState, type ReactNode } from 'react';
import { useServices } from '../state/context';
import { buildMcpServer, EMPTY_MCP_FORM, type McpFormErrors, type McpFormField, type McpFormInput } from '../state/mcp-form';

/**
 * "Add a server": a local program over stdio (command, one argument per line, KEY=VALUE env lines)
 * or a streamable HTTP endpoint. Validated here with messages per field, then appended to
 * settings.mcpServers; main starts it as soon as the settings change.
 */
export function McpServerForm() {
  const { store } = useServices();
  const [form, setForm] = useState<McpFormInput>(EMPTY_MCP_FORM);
  const [errors, setErrors] = useState<McpFormErrors>({});
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const id = useId();
  const set = (patch: Partial<McpFormInput>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) {
        const f = fieldOf(k as keyof McpFormInput);
        if (f) delete next[f];
      }
      return next;
    });
    setAdded(null);
  };

  const submit = async () => {
    const existing = store.getSnapshot().settings?.mcpServers ?? [];
    const result = buildMcpServer(form, existing);
    if (!result.ok) {
      setErrors(result.errors);
      const first = (['name', 'command', 'args', 'env', 'url'] as const).find((f) => result.errors[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const saved = await store.run('Adding the MCP server', () => store.updateSettings({ mcpServers: [...existing, result.config] }));
    setBusy(false);
    if (saved) {
      setForm({ ...EMPTY_MCP_FORM, transport: form.transport });
      setErrors({});
      setAdded(`Added ${result.config.name}. It starts now.`);
    }
  };

  const field = (name: McpFormField, label: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      {input}
      {hint && (
        <span className="hint" id={`${id}-${name}-hint`}>
          {hint}
        </span>
      )}
      {errors[name] && (
        <span className="hint hint--warn" role="alert" id={`${id}-${name}-error`} data-testid={`mcp-error-${name}`}>
          {errors[name]}
        </span>
      )}
    </div>
  );
  const a11y = (name: McpFormField, hint = false) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': [hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });

  return (
    <form
      className="subsection mcp-form"
      data-testid="mcp-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>Add a server</h3>
      <div role="radiogroup" aria-label="How to reach the server" className="mode">
        {(['stdio', 'http'] as const).map((t) => (
          <label key={t} className={`mode__opt ${form.transport === t ? 'mode__opt--on' : ''}`}>
            <input
              type="radio"
              name={`${id}-transport`}
              value={t}
              data-testid={`mcp-transport-${t}`}
              checked={form.transport === t}
              onChange={() => set({ transport: t })}
            />
            {t === 'stdio' ? 'Local program (stdio)' : 'Web address (HTTP)'}
          </label>
        ))}
      </div>
      {field('name', 'Name', <input {...a11y('name')} data-testid="mcp-name" value={form.name} onChange={(e) => set({ name: e.target.value })} />)}
      {form.transport === 'stdio' ? (
        <>
          {field(
            'command',
            'Command',
            <input {...a11y('command', true)} data-testid="mcp-command" spellCheck={false} value={form.command} onChange={(e) => set({ command: e.target.value })} />,
            'The program to start, e.g. npx, uvx or a full path.',
          )}
          {field(
            'args',
            'Arguments',
            <textarea {...a11y('args', true)} data-testid="mcp-args" rows={3} spellCheck={false} value={form.argsText} onChange={(e) => set({ argsText: e.target.value })} />,
            'One per line, exactly as the program expects them (no shell quoting).',
          )}
          {field(
            'env',
            'Environment',
            <textarea {...a11y('env', true)} data-testid="mcp-env" rows={2} spellCheck={false} value={form.envText} onChange={(e) => set({ envText: e.target.value })} />,
            'KEY=VALUE, one per line. Stored in the settings file, not in the keychain. The app\u2019s own environment is not passed on.',
          )}
        </>
      ) : (
        field(
          'url',
          'URL',
          <input {...a11y('url', true)} data-testid="mcp-url" type="url" spellCheck={false} value={form.url} placeholder="https://example.com/mcp" onChange={(e) => set({ url: e.target.value })} />,
          'A streamable HTTP MCP endpoint.',
        )
      )}
      <div className="row">
        <button type="submit" className="primary" data-testid="mcp-add" disabled={busy}>
          Add server
        </button>
        {added && (
          <span role="status" data-testid="mcp-added">
            {added}
          </span>
        )}
      </div>
    </form>
  );
}

/** Which field's error an edit clears (switching the transport clears none). */
function fieldOf(key: keyof McpFormInput): McpFormField | undefined {
  if (key === 'argsText') return 'args';
  if (key === 'envText') return 'env';
  if (key === 'transport') return undefined;
  return key;
}
