import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpManager } from '../../../../src/main/tools/mcp/mcp-manager';
import { ApprovalQueue } from '../../../../src/main/tools/approval-broker';
import { ToolRuntime } from '../../../../src/main/tools/tool-runtime';
import { call, MemorySettings, never, parse } from '../helpers';
import { waitFor } from './mcp-helpers';

/** A stateless streamable-HTTP MCP server on loopback: a fresh McpServer per request. */
function buildServer(): McpServer {
  const s = new McpServer({ name: 'http-test', version: '1.0.0' });
  s.registerTool(
    'reverse',
    { description: 'Reverse a string', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } },
    async ({ text }) => ({ content: [{ type: 'text', text: [...text].reverse().join('') }] }),
  );
  s.registerTool('delete_all', { description: 'Deletes everything', annotations: { destructiveHint: true } }, async () => ({
    content: [{ type: 'text', text: 'deleted' }],
  }));
  return s;
}

let httpServer: http.Server;
let url: string;
let manager: McpManager | undefined;
let runtime: ToolRuntime | undefined;

beforeEach(async () => {
  httpServer = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const server = buildServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => {
          void transport.close();
          void server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
});

afterEach(async () => {
  runtime?.dispose();
  await manager?.stop();
  httpServer.closeAllConnections();
  await new Promise((r) => httpServer.close(r));
});

describe('MCP over streamable HTTP', () => {
  it('lists and calls the tools of an HTTP server; destructive tools are dangerous and ask', async () => {
    const settings = new MemorySettings();
    settings.setMcpServers([{ id: 'web', name: 'Web', enabled: true, transport: 'http', url }]);
    settings.setToolPolicy('mcp__web__reverse', 'allow'); // MCP tools ask until the user allows them
    const approvals = new ApprovalQueue();
    manager = new McpManager({ settings });
    runtime = new ToolRuntime({ settings, approvals, sources: [manager] });
    manager.start();
    await waitFor(() => manager!.statuses()[0]?.state === 'running', 10_000, 'http server running');
    expect(runtime.definitions().map((d) => d.name).sort()).toEqual(['mcp__web__delete_all', 'mcp__web__reverse']);
    expect(runtime.listTools().find((t) => t.name === 'mcp__web__delete_all')).toMatchObject({ risk: 'dangerous', policy: 'ask' });
    // readOnlyHint alone does not switch approval off: it is the server's claim, not the user's choice.
    settings.setToolPolicy('mcp__web__reverse', undefined as never);
    expect(runtime.listTools().find((t) => t.name === 'mcp__web__reverse')).toMatchObject({ risk: 'read', policy: 'ask' });
    settings.setToolPolicy('mcp__web__reverse', 'allow');
    expect(parse(await runtime.execute(call('mcp__web__reverse', { text: 'abc' }), never()))).toEqual({ result: 'cba' });
    approvals.on('request', (r) => approvals.respond(r.requestId, 'deny'));
    expect(parse(await runtime.execute(call('mcp__web__delete_all'), never())).denied).toBe(true);
  });

  it('notices an HTTP server that went away and reconnects once it is back', async () => {
    const settings = new MemorySettings();
    settings.setMcpServers([{ id: 'web', name: 'Web', enabled: true, transport: 'http', url }]);
    settings.setToolPolicy('mcp__web__reverse', 'allow'); // MCP tools ask until the user allows them
    manager = new McpManager({ settings, backoff: { initialMs: 100, maxMs: 100, maxAttempts: 50 } });
    runtime = new ToolRuntime({ settings, approvals: new ApprovalQueue(), sources: [manager] });
    manager.start();
    await waitFor(() => manager!.statuses()[0]?.state === 'running', 10_000, 'running');
    const port = (httpServer.address() as AddressInfo).port;
    const handler = httpServer.listeners('request')[0] as http.RequestListener;
    httpServer.closeAllConnections();
    await new Promise((r) => httpServer.close(r));
    const out = parse(await runtime.execute(call('mcp__web__reverse', { text: 'abc' }), never()));
    expect(out.error).toBeTruthy();
    expect(manager.statuses()[0]!.state).not.toBe('running');
    expect(manager.statuses()[0]!.error).toMatch(/connection lost/);
    httpServer = http.createServer(handler);
    await new Promise<void>((r) => httpServer.listen(port, '127.0.0.1', r));
    await waitFor(() => manager!.statuses()[0]?.state === 'running', 10_000, 'reconnected');
    expect(manager.statuses()[0]!.restarts).toBeGreaterThanOrEqual(1);
    expect(parse(await runtime.execute(call('mcp__web__reverse', { text: 'abc' }), never()))).toEqual({ result: 'cba' });
  });

  it('reports an unreachable HTTP server and retries it', async () => {
    const settings = new MemorySettings();
    settings.setMcpServers([{ id: 'down', name: 'Down', enabled: true, transport: 'http', url: 'http://127.0.0.1:1/mcp' }]);
    manager = new McpManager({ settings, backoff: { initialMs: 50, maxMs: 50, maxAttempts: 2 } });
    manager.start();
    await waitFor(() => manager!.statuses()[0]?.state === 'crashed', 10_000, 'gave up');
    expect(manager.statuses()[0]).toMatchObject({ restarts: 2, toolCount: 0 });
    expect(manager.statuses()[0]!.error).toMatch(/gave up/);
  });
});
