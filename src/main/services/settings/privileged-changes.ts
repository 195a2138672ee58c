import { createHash } from 'node:crypto';
import { defaultSettings, type McpServerConfig, type Settings } from '../../../shared/settings';

/**
 * Which settings changes are privileged: the ones that send the API key somewhere new, start a
 * program, widen what tools may touch, or switch an approval off. The page (or a program editing
 * settings.json) may only *request* them; main shows each one, in words, in a native dialog.
 * Everything else (voice, theme, hotkeys, removing a folder, disabling a server) applies at once.
 */
export interface PrivilegedChange {
  kind: 'endpoint' | 'mcp-server' | 'run-command' | 'allowed-folder' | 'tool-allow';
  /** Exactly what changes, for the confirmation dialog. */
  text: string;
}

function endpointOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url;
  }
}

/** The part of an MCP server config that decides what runs or where requests go. */
function launchSpec(s: McpServerConfig): string {
  return JSON.stringify(s.transport === 'stdio' ? ['stdio', s.command, s.args, s.env] : ['http', s.url]);
}

function describeServer(s: McpServerConfig): string {
  if (s.transport === 'http') return `MCP server "${s.name}" at ${s.url}`;
  const env = Object.keys(s.env);
  const line = [s.command, ...s.args.map((a) => JSON.stringify(a))].join(' ');
  return `MCP server "${s.name}" runs: ${line}${env.length ? ` (environment: ${env.join(', ')})` : ''}`;
}

export function privilegedChanges(before: Settings, after: Settings): PrivilegedChange[] {
  const out: PrivilegedChange[] = [];
  if (endpointOrigin(before.endpoint) !== endpointOrigin(after.endpoint)) {
    out.push({ kind: 'endpoint', text: `Send the API key to a new server: ${after.endpoint}` });
  }
  const old = new Map(before.mcpServers.map((s) => [s.id, s]));
  for (const s of after.mcpServers) {
    const prev = old.get(s.id);
    if (!s.enabled) continue; // a disabled server runs nothing; enabling it later is a change of its own
    if (!prev) out.push({ kind: 'mcp-server', text: `Add ${describeServer(s)}` });
    else if (launchSpec(prev) !== launchSpec(s)) out.push({ kind: 'mcp-server', text: `Change ${describeServer(s)}` });
    else if (!prev.enabled) out.push({ kind: 'mcp-server', text: `Enable ${describeServer(s)}` });
  }
  if (!before.tools.runCommandEnabled && after.tools.runCommandEnabled) {
    out.push({ kind: 'run-command', text: 'Let the assistant run commands on this computer (run_command, asks every time)' });
  }
  const folders = new Set(before.tools.allowedFolders);
  for (const f of after.tools.allowedFolders) {
    if (!folders.has(f)) out.push({ kind: 'allowed-folder', text: `Let tools read and write in the folder ${f}` });
  }
  for (const [name, policy] of Object.entries(after.tools.policies)) {
    if (policy === 'allow' && before.tools.policies[name] !== 'allow') {
      out.push({ kind: 'tool-allow', text: `Run the tool ${name} without asking` });
    }
  }
  return out;
}

/**
 * `after` with every privileged change taken back to `before`: what may apply at once while the
 * privileged rest waits for the user's answer.
 */
export function withoutPrivileged(before: Settings, after: Settings): Settings {
  const old = new Map(before.mcpServers.map((s) => [s.id, s]));
  const mcpServers: McpServerConfig[] = [];
  for (const s of after.mcpServers) {
    const prev = old.get(s.id);
    if (!s.enabled) mcpServers.push(s);
    else if (prev && launchSpec(prev) === launchSpec(s) && prev.enabled) mcpServers.push(s);
    else if (prev) mcpServers.push(prev);
    // A new enabled server waits for the answer.
  }
  const policies: Settings['tools']['policies'] = {};
  for (const [name, policy] of Object.entries(after.tools.policies)) {
    if (policy !== 'allow' || before.tools.policies[name] === 'allow') policies[name] = policy;
    else if (before.tools.policies[name] !== undefined) policies[name] = before.tools.policies[name];
  }
  const folders = new Set(before.tools.allowedFolders);
  return {
    ...after,
    endpoint: endpointOrigin(before.endpoint) !== endpointOrigin(after.endpoint) ? before.endpoint : after.endpoint,
    mcpServers,
    tools: {
      ...after.tools,
      runCommandEnabled: after.tools.runCommandEnabled && before.tools.runCommandEnabled,
      allowedFolders: after.tools.allowedFolders.filter((f) => folders.has(f)),
      policies,
    },
  };
}

/**
 * The settings a start-up uses while a settings.json nobody confirmed is held: every privileged
 * value back to its safe default, the rest as loaded.
 */
export function heldSettings(loaded: Settings): Settings {
  return withoutPrivileged(defaultSettings(), loaded);
}

/** A digest of exactly the privileged values, sealed by the key store to recognise confirmed settings. */
export function privilegedDigest(s: Settings): string {
  const projection = {
    endpoint: endpointOrigin(s.endpoint),
    mcp: s.mcpServers.filter((m) => m.enabled).map((m) => [m.id, launchSpec(m)]).sort(),
    runCommand: s.tools.runCommandEnabled,
    folders: [...s.tools.allowedFolders].sort(),
    allow: Object.entries(s.tools.policies).filter(([, p]) => p === 'allow').map(([n]) => n).sort(),
  };
  return createHash('sha256').update(JSON.stringify(projection)).digest('hex');
}
