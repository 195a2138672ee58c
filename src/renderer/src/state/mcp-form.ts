import { McpServerConfigSchema, type McpServerConfig } from '../../../shared/settings';

/**
 * Pure logic behind the "Add MCP server" form: the id derived from the name, argument and
 * environment parsing, and validation with messages a user can act on. The result is checked
 * against the shared settings schema too, so main never sees a server it would refuse.
 */
export interface McpFormInput {
  transport: 'stdio' | 'http';
  name: string;
  command: string;
  /** One argument per line. */
  argsText: string;
  /** KEY=VALUE, one per line. */
  envText: string;
  url: string;
}

export type McpFormField = 'name' | 'command' | 'args' | 'env' | 'url';
export type McpFormErrors = Partial<Record<McpFormField, string>>;
export type McpFormResult = { ok: true; config: McpServerConfig } | { ok: false; errors: McpFormErrors };

export const EMPTY_MCP_FORM: McpFormInput = { transport: 'stdio', name: '', command: '', argsText: '', envText: '', url: '' };

/** Tool names are `mcp__<id>__<tool>` within 64 characters, so the id stays short. */
const MAX_ID = 24;
const MAX_NAME = 64;
const MAX_ARGS = 64;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** "My Files (local)" → "my-files-local"; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
  return slug || 'server';
}

/** The slug, or the slug with -2, -3… when another server already uses it. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!used.has(id)) return id;
  }
}

/** One argument per line; surrounding whitespace and blank lines are dropped (no shell quoting). */
export function parseArgs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** KEY=VALUE lines; blank lines and lines starting with # are skipped; the value may contain '='. */
export function parseEnv(text: string): { ok: true; env: Record<string, string> } | { ok: false; error: string } {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, error: `Line ${i + 1}: write KEY=VALUE.` };
    const key = line.slice(0, eq).trim();
    if (!ENV_KEY.test(key)) return { ok: false, error: `Line ${i + 1}: "${key}" is not a valid variable name (letters, digits, _).` };
    if (Object.hasOwn(env, key)) return { ok: false, error: `Line ${i + 1}: ${key} is set twice.` };
    env[key] = line.slice(eq + 1);
  }
  return { ok: true, env };
}

/** Validates the form against the servers already configured and builds the config to persist. */
export function buildMcpServer(input: McpFormInput, existing: readonly McpServerConfig[]): McpFormResult {
  const errors: McpFormErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Give the server a name.';
  else if (name.length > MAX_NAME) errors.name = `Keep the name under ${MAX_NAME} characters.`;
  else if (existing.some((s) => s.name.trim().toLowerCase() === name.toLowerCase())) errors.name = 'A server with this name already exists.';

  let config: McpServerConfig | undefined;
  const id = uniqueId(slugify(name), existing.map((s) => s.id));
  if (input.transport === 'stdio') {
    const command = input.command.trim();
    if (!command) errors.command = 'Enter the program to start, e.g. npx or /usr/bin/node.';
    else if (command.length > 1024) errors.command = 'The command is too long.';
    const args = parseArgs(input.argsText);
    if (args.length > MAX_ARGS) errors.args = `At most ${MAX_ARGS} arguments.`;
    else if (args.some((a) => a.length > 4096)) errors.args = 'An argument is too long.';
    const env = parseEnv(input.envText);
    if (!env.ok) errors.env = env.error;
    else if (Object.values(env.env).some((v) => v.length > 8192)) errors.env = 'A value is too long.';
    if (env.ok) config = { id, name, enabled: true, transport: 'stdio', command, args, env: env.env };
  } else {
    const url = input.url.trim();
    if (!url) errors.url = 'Enter the server URL.';
    else if (!isHttpUrl(url)) errors.url = 'Enter an http:// or https:// URL.';
    else if (url.length > 2048) errors.url = 'The URL is too long.';
    config = { id, name, enabled: true, transport: 'http', url };
  }
  if (Object.keys(errors).length > 0 || !config) return { ok: false, errors };
  const checked = McpServerConfigSchema.safeParse(config);
  if (!checked.success) return { ok: false, errors: { name: checked.error.issues[0]?.message ?? 'Invalid server.' } };
  return { ok: true, config: checked.data };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** What the server card shows as "how it runs", without env values (they may be tokens). */
export function describeServer(c: McpServerConfig): string {
  if (c.transport === 'http') return c.url;
  const envKeys = Object.keys(c.env);
  return [c.command, ...c.args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))].join(' ') + (envKeys.length ? `  (env: ${envKeys.join(', ')})` : '');
}
