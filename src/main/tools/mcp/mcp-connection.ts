import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError, ToolListChangedNotificationSchema, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { McpServerStatusSchema } from '../../../shared/ipc/contract';
import type { McpServerConfig } from '../../../shared/settings';
import { describeError } from '../tool-output';
import { backoffDelay } from '../../../shared/backoff';

/** How a dead server is restarted: exponential backoff, a give-up point, and when a failure streak is over. */
export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Give up (state 'crashed') after this many failures in a row. */
  maxAttempts: number;
  /** A connection that stayed up this long resets the failure count. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = {
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  maxAttempts: 10,
  stableAfterMs: 60_000,
};
import { StderrTail } from './stderr-tail';
import { Redactor } from '../../services/logging/redact';

/** The contract's own type (src/shared/ipc/contract.ts), so the status screen and this stay in step. */
export type McpServerStatus = z.infer<typeof McpServerStatusSchema>;
export type McpServerState = McpServerStatus['state'];

export interface McpCallResult {
  text: string;
  isError: boolean;
}

export interface McpConnectionOptions {
  clientInfo: { name: string; version: string };
  backoff?: Partial<RestartPolicy>;
  connectTimeoutMs?: number;
  /** Called on every state or tool-list change. */
  onChange: () => void;
  /** A server listing more tools than this is cut (huge lists slow the model down). */
  maxTools?: number;
}

interface Attempt {
  client: Client;
  transport: Transport;
  startedAt: number;
  over: boolean;
}

/**
 * One MCP server: connects (spawning it for stdio), lists its tools, calls them, and restarts it with
 * exponential backoff when it dies. stop() releases everything, the child process included.
 */
export class McpServerConnection {
  private state: McpServerState = 'stopped';
  private error: string | undefined;
  private restarts = 0;
  private failures = 0;
  private tools: McpTool[] = [];
  private current: Attempt | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly tail = new StderrTail();
  private readonly backoff: RestartPolicy;
  /**
   * What a server prints is shown in Settings (the page) and may echo its own credentials: every
   * environment value it was given is a secret (settings seal them all), and tokens, `Bearer …` and
   * `api_key=…` are blanked like in our logs.
   */
  private readonly redactor = new Redactor();

  constructor(
    readonly config: McpServerConfig,
    private readonly opts: McpConnectionOptions,
  ) {
    this.backoff = { ...DEFAULT_RESTART, ...opts.backoff };
    if (config.transport === 'stdio') for (const v of Object.values(config.env)) this.redactor.addSecret(v);
  }

  status(): McpServerStatus {
    return {
      id: this.config.id,
      name: this.config.name,
      state: this.state,
      toolCount: this.state === 'running' ? this.tools.length : 0,
      error: this.error === undefined ? undefined : this.redactor.text(this.error),
      stderrTail: this.redactor.text(this.tail.value()),
      restarts: this.restarts,
    };
  }

  /** The server's tools while it is running; empty otherwise. */
  listTools(): McpTool[] {
    return this.state === 'running' ? this.tools : [];
  }

  /** The child's pid for stdio servers while running (tests use it to prove nothing is left behind). */
  get pid(): number | null {
    const t = this.current?.transport;
    return t instanceof StdioClientTransport ? t.pid : null;
  }

  start(): void {
    if (this.stopped || this.current) return;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const attempt = this.current;
    this.current = undefined;
    this.tools = [];
    this.setState('stopped');
    if (attempt) await this.closeAttempt(attempt);
  }

  async callTool(name: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number): Promise<McpCallResult> {
    const attempt = this.current;
    if (!attempt || this.state !== 'running') throw new Error(`MCP server '${this.config.name}' is not running (${this.state})`);
    try {
      const result = await attempt.client.callTool({ name, arguments: args }, undefined, { signal, timeout: timeoutMs });
      return { text: renderContent(result), isError: result.isError === true };
    } catch (err) {
      // An HTTP server never "exits": a transport-level failure (not a JSON-RPC error, not our own
      // abort) is how we learn it went away, so treat it like a crash and reconnect with backoff.
      if (this.config.transport === 'http' && !(err instanceof McpError) && !signal.aborted) {
        this.failed(attempt, `connection lost: ${describeError(err)}`);
      }
      throw err;
    }
  }

  private setState(state: McpServerState, error?: string): void {
    this.state = state;
    this.error = error;
    this.opts.onChange();
  }

  private makeTransport(): Transport {
    const c = this.config;
    if (c.transport === 'stdio') {
      // The SDK adds only a safe default environment (PATH, HOME…) to what the user configured, so
      // the app's own secrets never reach the server. stderr is piped so we can keep its tail.
      const t = new StdioClientTransport({ command: c.command, args: c.args, env: c.env, stderr: 'pipe' });
      t.stderr?.on('data', (chunk: Buffer) => this.tail.push(chunk));
      return t;
    }
    return new StreamableHTTPClientTransport(new URL(c.url));
  }

  private async connect(): Promise<void> {
    this.setState('starting');
    const client = new Client(this.opts.clientInfo, { capabilities: {} });
    let transport: Transport;
    try {
      transport = this.makeTransport();
    } catch (err) {
      this.failed(undefined, `cannot start: ${describeError(err)}`);
      return;
    }
    const attempt: Attempt = { client, transport, startedAt: Date.now(), over: false };
    this.current = attempt;
    client.onclose = () => this.failed(attempt, this.exitMessage());
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (attempt !== this.current) return;
      try {
        this.tools = await this.fetchTools(client);
        this.opts.onChange();
      } catch (err) {
        this.tail.push(`[inworld-desk] tools/list failed: ${describeError(err)}\n`);
      }
    });
    try {
      await client.connect(transport, { timeout: this.opts.connectTimeoutMs ?? 20_000 });
      const tools = await this.fetchTools(client);
      if (attempt !== this.current || attempt.over) return;
      this.tools = tools;
      this.setState('running');
    } catch (err) {
      this.failed(attempt, `${describeError(err)}${this.tail.lastLine() ? ` — ${this.tail.lastLine()}` : ''}`);
    }
  }

  private exitMessage(): string {
    const last = this.tail.lastLine();
    return last ? `server exited: ${last}` : 'server exited';
  }

  private async fetchTools(client: Client): Promise<McpTool[]> {
    const max = this.opts.maxTools ?? 128;
    const out: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: 15_000 });
      out.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor && out.length < max);
    return out.slice(0, max);
  }

  /** One failure per attempt: close it, then retry after a backoff, or give up after too many. */
  private failed(attempt: Attempt | undefined, message: string): void {
    if (attempt) {
      if (attempt.over || attempt !== this.current) return;
      attempt.over = true;
      this.current = undefined;
      void this.closeAttempt(attempt);
    }
    if (this.stopped) return;
    this.tools = [];
    const ranStably = attempt !== undefined && Date.now() - attempt.startedAt >= this.backoff.stableAfterMs;
    this.failures = ranStably ? 1 : this.failures + 1;
    if (this.failures > this.backoff.maxAttempts) {
      this.setState('crashed', `${message} (gave up after ${this.backoff.maxAttempts} restarts)`);
      return;
    }
    const delay = backoffDelay(this.failures, this.backoff);
    this.setState('backoff', `${message}; restarting in ${formatDelay(delay)}`);
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.restarts++;
      void this.connect();
    }, delay);
  }

  private async closeAttempt(attempt: Attempt): Promise<void> {
    attempt.over = true;
    try {
      // For stdio the SDK ends stdin, then SIGTERMs, then SIGKILLs the child, so none is left behind.
      await attempt.client.close();
    } catch {
      // Closing an already dead connection may fail; nothing more to release.
    }
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Flattens MCP content blocks into text for the model; non-text blocks are described, not inlined. */
export function renderContent(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  const parts: string[] = [];
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'image' || block.type === 'audio') parts.push(`[${String(block.type)} ${String(block.mimeType ?? '')} omitted]`);
    else if (block.type === 'resource') {
      const r = block.resource as Record<string, unknown> | undefined;
      parts.push(typeof r?.text === 'string' ? r.text : `[resource ${String(r?.uri ?? '')}]`);
    } else if (block.type === 'resource_link') parts.push(`[link ${String(block.uri ?? '')}]`);
    else parts.push(`[${String(block.type)} content omitted]`);
  }
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  if (parts.length === 0 && 'toolResult' in result) return JSON.stringify(result.toolResult);
  return parts.join('\n');
}
