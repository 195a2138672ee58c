import { afterEach, describe, expect, it } from 'vitest';
import { McpManager } from '../../../../src/main/tools/mcp/mcp-manager';
import { ApprovalQueue } from '../../../../src/main/tools/approval-broker';
import { ToolRuntime } from '../../../../src/main/tools/tool-runtime';
import { call, MemorySettings, never, parse } from '../helpers';
import { alive, stdioConfig, waitFor } from './mcp-helpers';
import type { McpServerStatus } from '../../../../src/main/tools/mcp/mcp-connection';

let manager: McpManager | undefined;
let runtime: ToolRuntime | undefined;
afterEach(async () => {
  runtime?.dispose();
  await manager?.stop();
});

function setup(servers = [stdioConfig('t1')], backoff = { initialMs: 100, maxMs: 400, maxAttempts: 5 }, callTimeoutMs?: number) {
  const settings = new MemorySettings();
  settings.setMcpServers(servers);
  // MCP tools ask by default; these tests are about the transport, so the user "allowed" the ones they call.
  for (const t of ['echo', 'slow', 'hang', 'pid', 'env', 'crash', 'fail']) settings.setToolPolicy(`mcp__t1__${t}`, 'allow');
  const approvals = new ApprovalQueue();
  manager = new McpManager({ settings, backoff, ...(callTimeoutMs ? { callTimeoutMs } : {}) });
  runtime = new ToolRuntime({ settings, approvals, sources: [manager] });
  const history: McpServerStatus[][] = [];
  manager.onStatusChanged((s) => history.push(s));
  manager.start();
  return { settings, approvals, manager, runtime, history };
}

const running = (m: McpManager, id = 't1') => () => m.statuses().find((s) => s.id === id)?.state === 'running';

describe('MCP over stdio (a real SDK server process)', () => {
  it('starts the server, lists its tools under namespaced names, and applies default policies', async () => {
    const { manager, runtime, settings } = setup();
    settings.setTools({ policies: {} }); // nothing allowed by the user yet
    await waitFor(running(manager), 15_000, 'server running');
    const names = runtime.definitions().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['mcp__t1__echo', 'mcp__t1__add', 'mcp__t1__crash']));
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(names.find((n) => n.startsWith('mcp__t1__weird_name_with_spaces_'))).toBeTruthy();
    const info = Object.fromEntries(runtime.listTools().map((t) => [t.name, t]));
    // readOnlyHint is the server's claim: the tool still asks until the user allows it.
    expect(info.mcp__t1__echo).toMatchObject({ risk: 'read', policy: 'ask', source: 'mcp:t1' });
    expect(info.mcp__t1__add).toMatchObject({ risk: 'write', policy: 'ask' });
    expect(runtime.definitions().find((d) => d.name === 'mcp__t1__add')?.parameters).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });
    const status = manager.statuses()[0]!;
    expect(status).toMatchObject({ id: 't1', name: 'Server t1', state: 'running', restarts: 0 });
    expect(status.toolCount).toBe(10);
    expect(names).not.toContain('mcp__t1__huge'); // schema too big to send on every turn
    expect(status.stderrTail).toMatch(/test-server started/);
  });

  it('calls tools, validates arguments against the server schema, and reports server errors', async () => {
    const { manager, runtime, approvals } = setup();
    await waitFor(running(manager), 15_000);
    expect(parse(await runtime.execute(call('mcp__t1__echo', { text: 'hi' }), never()))).toEqual({ result: 'echo: hi' });
    approvals.on('request', (r) => approvals.respond(r.requestId, 'allow'));
    expect(parse(await runtime.execute(call('mcp__t1__add', { a: 2, b: 3 }), never()))).toEqual({ result: '5' });
    const bad = parse(await runtime.execute(call('mcp__t1__add', { a: 'two', b: 3 }), never()));
    expect(bad.error).toMatch(/invalid arguments/);
    const failed = parse(await runtime.execute(call('mcp__t1__fail'), never()));
    expect(failed.error).toMatch(/reported an error: disk full/);
    const odd = runtime.definitions().find((d) => d.name.startsWith('mcp__t1__weird'))!.name;
    expect(parse(await runtime.execute(call(odd), never()))).toEqual({ result: 'odd' });
  });

  it('passes configured env but not the app environment', async () => {
    process.env.PARENT_SECRET = 'leak-me';
    try {
      const { manager, runtime } = setup([stdioConfig('t1', { env: { MARKER: 'configured' } })]);
      await waitFor(running(manager), 15_000);
      const out = parse(await runtime.execute(call('mcp__t1__env'), never()));
      expect(JSON.parse(String(out.result))).toEqual({ marker: 'configured', secret: null });
    } finally {
      delete process.env.PARENT_SECRET;
    }
  });

  it('cancels an in-flight MCP call', async () => {
    const { manager, runtime } = setup();
    await waitFor(running(manager), 15_000);
    const ac = new AbortController();
    const pending = runtime.execute(call('mcp__t1__slow', { ms: 5000 }), ac.signal);
    setTimeout(() => ac.abort(), 100);
    expect(parse(await pending).error).toBe('cancelled');
    // The server is still usable afterwards.
    expect(parse(await runtime.execute(call('mcp__t1__echo', { text: 'again' }), never()))).toEqual({ result: 'echo: again' });
  });

  it('a server that stays alive and never answers a call: the call times out, the server keeps serving', async () => {
    const { manager, runtime } = setup(undefined, undefined, 400);
    await waitFor(running(manager), 15_000);
    const pid = Number(parse(await runtime.execute(call('mcp__t1__pid'), never())).result);
    const started = Date.now();
    const out = parse(await runtime.execute(call('mcp__t1__hang'), never()));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out).toMatchObject({ timedOut: true });
    expect(String(out.error)).toMatch(/timed out after 0.4 s/);
    // Not stuck and not restarted: the same process answers the next call.
    expect(parse(await runtime.execute(call('mcp__t1__echo', { text: 'still here' }), never()))).toEqual({ result: 'echo: still here' });
    expect(Number(parse(await runtime.execute(call('mcp__t1__pid'), never())).result)).toBe(pid);
  });

  it('restarts a crashed server with backoff, keeping its stderr tail', async () => {
    const { manager, runtime, approvals, history } = setup();
    await waitFor(running(manager), 15_000);
    const firstPid = Number(parse(await runtime.execute(call('mcp__t1__pid'), never())).result);
    let defsChanged = 0;
    runtime.onDefinitionsChanged(() => defsChanged++);
    approvals.on('request', (r) => approvals.respond(r.requestId, 'allow'));
    const out = parse(await runtime.execute(call('mcp__t1__crash'), never()));
    expect(out.error).toBeTruthy();
    await waitFor(() => history.some((h) => h[0]?.state === 'backoff'), 5000, 'backoff');
    const backoff = history.find((h) => h[0]?.state === 'backoff')![0]!;
    expect(backoff.error).toMatch(/crashing on purpose/);
    expect(backoff.error).toMatch(/restarting in 100 ms/);
    await waitFor(() => manager.statuses()[0]?.state === 'running' && manager.statuses()[0]?.restarts === 1, 15_000, 'restart');
    expect(manager.statuses()[0]!.stderrTail).toMatch(/crashing on purpose[\s\S]*test-server started/);
    // What the status screen sees, event by event: running → backoff (with the crash's stderr) → starting → running again.
    const seen = history.map((h) => h[0]!).filter((st, i, all) => i === 0 || st.state !== all[i - 1]!.state);
    const crashAt = seen.findIndex((st) => st.state === 'backoff');
    expect(seen.slice(crashAt - 1).map((st) => [st.state, st.restarts])).toEqual([
      ['running', 0],
      ['backoff', 0],
      ['starting', 1],
      ['running', 1],
    ]);
    expect(seen[crashAt]!.stderrTail).toMatch(/crashing on purpose/);
    expect(seen.at(-1)!.stderrTail).toMatch(/crashing on purpose[\s\S]*test-server started/);
    expect(defsChanged).toBeGreaterThanOrEqual(2); // tools went away, then came back
    const secondPid = Number(parse(await runtime.execute(call('mcp__t1__pid'), never())).result);
    expect(secondPid).not.toBe(firstPid);
    expect(alive(firstPid)).toBe(false);
  });

  it('backs off exponentially and gives up on a server that keeps dying', async () => {
    const dying = stdioConfig('bad', { args: ['-e', "process.stderr.write('no config file\\n'); process.exit(2)"] });
    const { manager, history } = setup([dying], { initialMs: 50, maxMs: 200, maxAttempts: 4 });
    await waitFor(() => manager.statuses()[0]?.state === 'crashed', 15_000, 'gave up');
    const final = manager.statuses()[0]!;
    expect(final.restarts).toBe(4);
    expect(final.error).toMatch(/gave up after 4 restarts/);
    expect(final.stderrTail).toMatch(/no config file/);
    const delays = history
      .map((h) => /restarting in (\d+) ms/.exec(h[0]?.error ?? '')?.[1])
      .filter((d): d is string => !!d)
      .map(Number);
    expect([...new Set(delays)]).toEqual([50, 100, 200]);
  });

  it('a server that prints its own credentials: Settings gets its stderr and error with them blanked', async () => {
    const token = 'ghp_s3cretValueFromTheUser42';
    const leaky = stdioConfig('leaky', {
      env: { GITHUB_TOKEN: token },
      args: ['-e', "process.stderr.write(`using ${process.env.GITHUB_TOKEN}\\nAuthorization: Bearer abcdef123456\\n`); process.stderr.write(`bad token ${process.env.GITHUB_TOKEN}\\n`); process.exit(3)"],
    });
    const { manager } = setup([leaky], { initialMs: 50, maxMs: 50, maxAttempts: 1 });
    await waitFor(() => manager.statuses()[0]?.state === 'crashed', 10_000, 'crashed');
    const s = manager.statuses()[0]!;
    expect(s.stderrTail).toMatch(/using \[redacted\]/);
    expect(s.stderrTail).toMatch(/Bearer \[redacted\]/);
    expect(JSON.stringify(s)).not.toContain(token);
    expect(JSON.stringify(s)).not.toContain('abcdef123456');
  });

  it('reports a command that cannot start', async () => {
    const { manager } = setup([stdioConfig('nope', { command: '/definitely/not/here' })], { initialMs: 50, maxMs: 50, maxAttempts: 1 });
    await waitFor(() => manager.statuses()[0]?.state === 'crashed', 10_000, 'crashed');
    expect(manager.statuses()[0]!.error).toMatch(/ENOENT|not found|exited/i);
  });

  it('follows settings: disable, re-enable, remove; stop leaves no process behind', async () => {
    const { manager, runtime, settings } = setup();
    await waitFor(running(manager), 15_000);
    const pid1 = manager.connection('t1')!.pid!;
    expect(alive(pid1)).toBe(true);
    settings.setMcpServers([stdioConfig('t1', { enabled: false })]);
    expect(manager.statuses()[0]!.state).toBe('disabled');
    expect(runtime.definitions().filter((d) => d.name.startsWith('mcp__'))).toEqual([]);
    await waitFor(() => !alive(pid1), 8000, 'process gone after disable');
    settings.setMcpServers([stdioConfig('t1')]);
    await waitFor(running(manager), 15_000);
    const pid2 = manager.connection('t1')!.pid!;
    await manager.stop();
    expect(alive(pid2)).toBe(false);
    expect(manager.statuses()).toEqual([]);
  });
});
