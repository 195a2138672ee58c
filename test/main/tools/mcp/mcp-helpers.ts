import path from 'node:path';
import type { McpServerConfig } from '../../../../src/shared/settings';

export const FIXTURE = path.join(__dirname, 'fixtures', 'stdio-server.mjs');

export function stdioConfig(id: string, extra: Partial<Extract<McpServerConfig, { transport: 'stdio' }>> = {}): McpServerConfig {
  return { id, name: `Server ${id}`, enabled: true, transport: 'stdio', command: process.execPath, args: [FIXTURE], env: {}, ...extra };
}

export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
