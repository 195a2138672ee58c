import path from 'node:path';
import type { McpServerConfig } from '../../../../src/shared/settings';
import { waitFor as waitUntil } from '../../../support/wait-for';

export const FIXTURE = path.join(__dirname, 'fixtures', 'stdio-server.mjs');

export function stdioConfig(id: string, extra: Partial<Extract<McpServerConfig, { transport: 'stdio' }>> = {}): McpServerConfig {
  return { id, name: `Server ${id}`, enabled: true, transport: 'stdio', command: process.execPath, args: [FIXTURE], env: {}, ...extra };
}

export const waitFor = (predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> => waitUntil(predicate, timeoutMs, what);

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
