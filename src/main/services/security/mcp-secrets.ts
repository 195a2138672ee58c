import { randomBytes } from 'node:crypto';
import { isSecretRef, MCP_SECRET_PREFIX, type McpServerConfig, type Settings } from '../../../shared/settings';
import type { Logger } from '../../../shared/logger';
import type { SafeStoragePort, SecretBlobStore } from './key-store';

/**
 * The values of MCP servers' environment variables (API tokens, mostly) are secrets: they live
 * here, encrypted with the OS keychain (safeStorage, like the API key) in a blob of their own, and
 * never in settings.json nor in what the page gets. Settings hold a random reference
 * (`MCP_SECRET_PREFIX` + hex) in each value's place; the MCP manager asks `resolve` for the real
 * environment when it starts a server.
 *
 * `seal` is the settings store's hook: any value that is not a stored reference (a hand-edited
 * settings.json, an older version's file, a confirmed change) is taken in here and replaced by a
 * new reference. A value is forgotten only when an update drops its reference (the user removed the
 * server or the variable), never while a server is merely held by the settings guard.
 */
/** Stored values by reference: the reference is what settings hold in the value's place. */
type SecretMap = Record<string, string>;

export interface McpSecretsDeps {
  safeStorage: SafeStoragePort;
  blobs: SecretBlobStore;
  logger: Logger;
  /** Tells the user the tokens could not be kept across restarts (no keychain, disk full). */
  notice?(message: string): void;
  /** Each secret value is registered with the log redactor. */
  registerSecret?(value: string): void;
}

export class McpSecrets {
  private map: SecretMap = {};
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly deps: McpSecretsDeps) {}

  /** Reads the stored tokens; an unreadable blob (keychain reset) is the same as none, said in the log. */
  static async open(deps: McpSecretsDeps): Promise<McpSecrets> {
    const s = new McpSecrets(deps);
    try {
      const blob = await deps.blobs.read();
      if (blob && blob.byteLength > 0) {
        const out = await deps.safeStorage.decrypt(blob);
        s.map = sanitize(JSON.parse(typeof out === 'string' ? out : out.plain));
      }
    } catch (err) {
      deps.logger.warn('mcp secrets unreadable; servers that need them start without', { error: String(err) });
    }
    for (const v of Object.values(s.map)) deps.registerSecret?.(v);
    return s;
  }

  /**
   * `next` with every stdio server's environment values taken in and replaced by references. `prev`
   * is what the store held before (undefined at load): a reference it had and `next` lacks is forgotten.
   */
  seal(prev: Settings | undefined, next: Settings): Settings {
    let changed = false;
    const mcpServers = next.mcpServers.map((server) => {
      if (server.transport !== 'stdio') return server;
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(server.env)) {
        if (isSecretRef(value) && value in this.map) {
          env[name] = value;
          continue;
        }
        // A new value (or a reference nobody stored: kept as typed, so it is not lost). The new
        // reference is random: it says nothing about the value, and it changes with the value, so
        // the settings guard's digest sees the change.
        const ref = newSecretRef();
        this.map[ref] = value;
        this.deps.registerSecret?.(value);
        env[name] = ref;
        changed = true;
      }
      return { ...server, env };
    });
    const sealed = { ...next, mcpServers };
    if (prev) {
      const kept = refsOf(sealed);
      for (const ref of refsOf(prev)) {
        if (!kept.has(ref) && ref in this.map) {
          delete this.map[ref];
          changed = true;
        }
      }
    }
    if (changed) this.persist();
    return sealed;
  }

  /** The environment a server really starts with: each reference's stored value. */
  resolve(config: McpServerConfig): McpServerConfig {
    if (config.transport !== 'stdio') return config;
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.env)) {
      const real = isSecretRef(value) ? this.map[value] : value;
      // A variable whose value was lost (keychain reset) is left out rather than sent as its reference.
      if (real !== undefined) env[name] = real;
    }
    return { ...config, env };
  }

  /** Resolves when the last change is on disk (tests, quit). */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): void {
    const plain = JSON.stringify(this.map);
    this.writing = this.writing
      .then(async () => this.deps.blobs.write(await this.deps.safeStorage.encrypt(plain)))
      .catch((err: unknown) => {
        this.deps.logger.error('mcp secrets not saved', { error: String(err) });
        this.deps.notice?.('The MCP servers\u2019 tokens could not be saved securely; they work until you quit.');
      });
  }
}

function newSecretRef(): string {
  return `${MCP_SECRET_PREFIX}${randomBytes(6).toString('hex')}`;
}

function refsOf(s: Settings): Set<string> {
  const out = new Set<string>();
  for (const server of s.mcpServers) if (server.transport === 'stdio') for (const v of Object.values(server.env)) if (isSecretRef(v)) out.add(v);
  return out;
}

function sanitize(v: unknown): SecretMap {
  const out: SecretMap = {};
  if (!v || typeof v !== 'object') return out;
  for (const [ref, value] of Object.entries(v as Record<string, unknown>)) if (isSecretRef(ref) && typeof value === 'string') out[ref] = value;
  return out;
}
