/**
 * MCP servers' environment values are secrets (services/security/mcp-secrets.ts): with the real
 * settings file (conf in a temp folder), the real blob file and an AES "keychain", a token never
 * stays in settings.json nor in what the page gets (settings.get), survives a restart, starts a real
 * MCP server process with the real value, and is forgotten with its server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fileSecretBlob } from '../../../../src/main/services/security/file-secret-blob';
import { McpSecrets } from '../../../../src/main/services/security/mcp-secrets';
import { SettingsStore } from '../../../../src/main/services/settings/settings-store';
import { privilegedChanges } from '../../../../src/main/services/settings/privileged-changes';
import { McpManager } from '../../../../src/main/tools/mcp/mcp-manager';
import { ToolRuntime } from '../../../../src/main/tools/tool-runtime';
import { ApprovalQueue } from '../../../../src/main/tools/approval-broker';
import { toolSettingsFromStore } from '../../../../src/main/tools/settings-accessor';
import { isSecretRef, type McpServerConfig } from '../../../../src/shared/settings';
import { fakeSafeStorage } from '../../../host/node-ports';
import { call, never, parse } from '../../tools/helpers';
import { stdioConfig, waitFor } from '../../tools/mcp/mcp-helpers';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const root = mkdtempSync(join(tmpdir(), 'mcp-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let manager: McpManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

const TOKEN = 'ghp_s3cr3tT0kenValue1234567890';
let n = 0;

/** One "machine": a data folder and its keychain; `open()` is one app start. */
function machine() {
  const dir = join(root, `m${n++}`);
  mkdirSync(dir, { recursive: true });
  const keychain = fakeSafeStorage('keychain');
  const file = join(dir, 'settings.json');
  const blobPath = join(dir, 'mcp-secrets.bin');
  const open = async (notice?: (m: string) => void) => {
    const secrets = await McpSecrets.open({ safeStorage: keychain, blobs: fileSecretBlob(blobPath), logger, ...(notice ? { notice } : {}) });
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'mcp-secrets-test' });
    const store = new SettingsStore({ get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) }, logger, secrets);
    return { secrets, store };
  };
  const stored = async () => {
    const blob = readFileSync(blobPath);
    return JSON.parse(await keychain.decrypt(new Uint8Array(blob)).then((o) => (typeof o === 'string' ? o : o.plain))) as Record<string, string>;
  };
  return { dir, file, blobPath, open, stored };
}

const server = (env: Record<string, string>): McpServerConfig => stdioConfig('gh', { env });
const envOf = (c: McpServerConfig | undefined) => (c && c.transport === 'stdio' ? c.env : {});

describe('MCP environment values are secrets', () => {
  it('a token in settings.json (an older version, a hand edit) leaves the file at start and still starts the server', async () => {
    const m = machine();
    writeFileSync(m.file, JSON.stringify({ settingsVersion: 1, settings: { mcpServers: [server({ GITHUB_TOKEN: TOKEN, MARKER: 'configured' })] } }));
    const { secrets, store } = await m.open();
    await secrets.flush();
    expect(readFileSync(m.file, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(m.blobPath).toString('latin1')).not.toContain(TOKEN);
    const seen = envOf(store.get().mcpServers[0]);
    expect(Object.keys(seen).sort()).toEqual(['GITHUB_TOKEN', 'MARKER']);
    expect(Object.values(seen).every(isSecretRef)).toBe(true);
    expect(JSON.stringify(store.get())).not.toContain(TOKEN); // what settings.get gives the page

    // The real server process gets the real values.
    const approvals = new ApprovalQueue();
    manager = new McpManager({ settings: store, resolve: (c) => secrets.resolve(c) });
    store.update({ tools: { policies: { mcp__gh__env: 'allow' } } });
    const runtime = new ToolRuntime({ settings: toolSettingsFromStore(store), approvals, sources: [manager] });
    manager.start();
    await waitFor(() => manager!.statuses()[0]?.state === 'running', 15_000, 'server running');
    const out = parse(await runtime.execute(call('mcp__gh__env'), never()));
    expect(JSON.parse(String(out.result))).toMatchObject({ marker: 'configured' });
    runtime.dispose();
  });

  it('survives a restart; the page sending the settings back unchanged keeps the token', async () => {
    const m = machine();
    const first = await m.open();
    first.store.update({ mcpServers: [server({ GITHUB_TOKEN: TOKEN })] });
    await first.secrets.flush();
    const ref = envOf(first.store.get().mcpServers[0]).GITHUB_TOKEN!;

    const again = await m.open();
    expect(envOf(again.store.get().mcpServers[0]).GITHUB_TOKEN).toBe(ref);
    expect(envOf(again.secrets.resolve(again.store.get().mcpServers[0]!)).GITHUB_TOKEN).toBe(TOKEN);
    // The page edits the name and sends everything back, references included.
    again.store.update({ mcpServers: again.store.get().mcpServers.map((s) => ({ ...s, name: 'GitHub' })) });
    expect(envOf(again.secrets.resolve(again.store.get().mcpServers[0]!)).GITHUB_TOKEN).toBe(TOKEN);
  });

  it('a new value gets a new reference, so the settings guard sees a privileged change', async () => {
    const m = machine();
    const { secrets, store } = await m.open();
    store.update({ mcpServers: [server({ GITHUB_TOKEN: TOKEN })] });
    const before = store.get();
    const after = { ...before, mcpServers: [server({ GITHUB_TOKEN: 'another-token' })] };
    // What the guard compares: the page's request (a plain value) against the stored reference…
    expect(privilegedChanges(before, after).map((c) => c.kind)).toEqual(['mcp-server']);
    // …and, once applied, the sealed settings carry a different reference than before.
    store.update({ mcpServers: after.mcpServers });
    const ref = envOf(store.get().mcpServers[0]).GITHUB_TOKEN!;
    expect(ref).not.toBe(envOf(before.mcpServers[0]).GITHUB_TOKEN);
    expect(envOf(secrets.resolve(store.get().mcpServers[0]!)).GITHUB_TOKEN).toBe('another-token');
  });

  it('removing the server or the variable forgets the value, on disk too', async () => {
    const m = machine();
    const { secrets, store } = await m.open();
    store.update({ mcpServers: [server({ GITHUB_TOKEN: TOKEN, OTHER: 'keep-me' })] });
    await secrets.flush();
    expect(Object.values(await m.stored()).sort()).toEqual(['keep-me', TOKEN].sort());
    const s = store.get().mcpServers[0]!;
    store.update({ mcpServers: [{ ...s, env: { OTHER: envOf(s).OTHER! } } as McpServerConfig] });
    await secrets.flush();
    expect(Object.values(await m.stored())).toEqual(['keep-me']);
    store.update({ mcpServers: [] });
    await secrets.flush();
    expect(await m.stored()).toEqual({});
  });

  it('a secret that cannot be saved says so and still works until quit', async () => {
    const m = machine();
    const notices: string[] = [];
    const { secrets, store } = await m.open((msg) => notices.push(msg));
    // The blob's path becomes a folder: every write fails (EISDIR), as a full or read-only disk would.
    mkdirSync(m.blobPath);
    store.update({ mcpServers: [server({ GITHUB_TOKEN: TOKEN })] });
    await secrets.flush();
    expect(notices.join(' ')).toMatch(/could not be saved securely/);
    expect(readFileSync(m.file, 'utf8')).not.toContain(TOKEN);
    expect(envOf(secrets.resolve(store.get().mcpServers[0]!)).GITHUB_TOKEN).toBe(TOKEN);
  });
});
