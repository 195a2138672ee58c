import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { DisposableStore, type Disposable } from '../../../shared/disposable';
import type { McpServerConfig, Settings } from '../../../shared/settings';
import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Tool } from '../tool';
import type { ToolSource } from '../tool-source';
import type { RestartPolicy } from './mcp-connection';
import { McpServerConnection, type McpServerStatus } from './mcp-connection';
import { adaptMcpTool } from './mcp-tools';
import { namespacedToolName } from './tool-names';

export interface McpSettingsAccessor {
  get(): Settings;
  onDidChange(listener: () => void): Disposable;
}

export interface McpManagerOptions {
  settings: McpSettingsAccessor;
  clientInfo?: { name: string; version: string };
  backoff?: Partial<RestartPolicy>;
  connectTimeoutMs?: number;
  /** Per-call limit of the servers' tools (default MCP_TOOL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  /** The config a server really starts with (environment references resolved, McpSecrets.resolve). */
  resolve?: (config: McpServerConfig) => McpServerConfig;
}

interface Entry {
  config: McpServerConfig;
  /** Config identity: any edit restarts the server with the new config. */
  key: string;
  connection?: McpServerConnection;
}

interface ManagerEvents {
  tools: undefined;
  status: McpServerStatus[];
}

/**
 * Runs the user's MCP servers (settings.mcpServers) and offers their tools to the tool runtime as
 * one ToolSource. Follows settings live: added, removed, edited, enabled and disabled servers are
 * started and stopped as needed. stop() ends every server process.
 */
export class McpManager implements ToolSource, Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly emitter = new TypedEmitter<ManagerEvents>();
  private readonly subscriptions = new DisposableStore();
  private readonly ajv = new AjvJsonSchemaValidator();
  private cachedTools: Tool[] | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: McpManagerOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.subscriptions.add(this.opts.settings.onDidChange(() => this.reconcile()));
    this.reconcile();
  }

  /** Stops every server and waits until their processes are gone. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.subscriptions.dispose();
    const all = [...this.entries.values()].map((e) => e.connection?.stop());
    this.entries.clear();
    this.stopping = Promise.allSettled(all).then(() => this.changed());
    return this.stopping;
  }

  dispose(): void {
    void this.stop();
  }

  tools(): Tool[] {
    if (!this.cachedTools) this.cachedTools = this.buildTools();
    return this.cachedTools;
  }

  onToolsChanged(listener: () => void): Disposable {
    return this.emitter.on('tools', () => listener());
  }

  statuses(): McpServerStatus[] {
    return [...this.entries.values()].map((e) =>
      e.connection
        ? e.connection.status()
        : { id: e.config.id, name: e.config.name, state: 'disabled', toolCount: 0, stderrTail: '', restarts: 0 },
    );
  }

  onStatusChanged(listener: (statuses: McpServerStatus[]) => void): Disposable {
    return this.emitter.on('status', listener);
  }

  /** For tests and diagnostics: the live connection of a server. */
  connection(id: string): McpServerConnection | undefined {
    return this.entries.get(id)?.connection;
  }

  private reconcile(): void {
    if (this.stopping) return;
    const wanted = new Map<string, McpServerConfig>();
    // Resolved before comparing: a changed token (same settings, new stored value) restarts the server.
    const resolve = this.opts.resolve ?? ((c: McpServerConfig) => c);
    for (const c of this.opts.settings.get().mcpServers) if (!wanted.has(c.id)) wanted.set(c.id, resolve(c));
    for (const [id, entry] of this.entries) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== entry.key) {
        void entry.connection?.stop();
        this.entries.delete(id);
      }
    }
    for (const [id, config] of wanted) {
      if (this.entries.has(id)) continue;
      const entry: Entry = { config, key: JSON.stringify(config) };
      this.entries.set(id, entry);
      if (config.enabled) {
        entry.connection = new McpServerConnection(config, {
          clientInfo: this.opts.clientInfo ?? { name: 'inworld-desk', version: '0.1.0' },
          backoff: this.opts.backoff,
          connectTimeoutMs: this.opts.connectTimeoutMs,
          onChange: () => {
            if (this.entries.get(id) === entry) this.changed();
          },
        });
        entry.connection.start();
      }
    }
    this.changed();
  }

  private changed(): void {
    this.cachedTools = undefined;
    this.emitter.emit('status', this.statuses());
    this.emitter.emit('tools', undefined);
  }

  private buildTools(): Tool[] {
    const out: Tool[] = [];
    const used = new Set<string>();
    for (const entry of this.entries.values()) {
      const conn = entry.connection;
      if (!conn) continue;
      for (const t of conn.listTools()) {
        let name = namespacedToolName(entry.config.id, t.name);
        // Two tools sanitised to the same name: make the later one unique rather than drop it.
        if (used.has(name)) name = namespacedToolName(entry.config.id, `${t.name}\u0000dup${used.size}`);
        used.add(name);
        try {
          out.push(adaptMcpTool(name, t, conn, this.ajv, this.opts.callTimeoutMs));
        } catch {
          // A tool we cannot describe to the model (e.g. a giant schema) is simply not offered.
        }
      }
    }
    return out;
  }
}
