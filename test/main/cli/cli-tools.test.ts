import { describe, expect, it } from 'vitest';
import { CLI_TOOL_NAMES, cliTools, createCliToolRuntime } from '../../../src/main/cli/cli-tools';
import { defineTool, type Tool } from '../../../src/main/tools/tool';
import { z } from 'zod';

const call = (name: string, argumentsJson = '{}') => ({ callId: `c-${name}`, name, argumentsJson });

describe('cli tools', () => {
  it('offers exactly the read-only, port-free built-ins', () => {
    const rt = createCliToolRuntime();
    expect(rt.definitions().map((d) => d.name).sort()).toEqual([...CLI_TOOL_NAMES].sort());
    expect(rt.listTools().every((t) => t.risk === 'read' && t.policy === 'allow')).toBe(true);
    rt.dispose();
  });

  it('runs get_datetime and system_info for real', async () => {
    const rt = createCliToolRuntime();
    const signal = new AbortController().signal;
    const now = JSON.parse(await rt.execute(call('get_datetime'), signal)) as { unixMs: number };
    expect(Math.abs(now.unixMs - Date.now())).toBeLessThan(5000);
    const sys = JSON.parse(await rt.execute(call('system_info'), signal)) as { cpu: { cores: number }; battery: unknown };
    expect(sys.cpu.cores).toBeGreaterThan(0);
    expect(sys.battery).toMatch(/not available/);
    rt.dispose();
  });

  it('a side-effecting built-in asked for by name is refused, and nothing runs', async () => {
    const rt = createCliToolRuntime();
    const out = await rt.execute(call('open_url', '{"url":"https://example.com"}'), new AbortController().signal);
    expect(out).toMatch(/unknown or unavailable tool 'open_url'/);
    rt.dispose();
  });

  it('drops an allow-listed name whose tool is not read-only', () => {
    const make = (name: string, risk: Tool['risk']) =>
      defineTool({ name, description: name, risk, schema: z.object({}), execute: async () => 'ran' });
    const offered = cliTools([make('get_datetime', 'write'), make('system_info', 'read'), make('clipboard_read', 'read')]);
    expect(offered.map((t) => t.name)).toEqual(['system_info']);
  });
});
