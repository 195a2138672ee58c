import { randomUUID } from 'node:crypto';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings';
import type { Logger } from '../../../shared/logger';
import type { PrivilegedChangeGate } from '../ports';
import { heldSettings, privilegedChanges, privilegedDigest, withoutPrivileged } from './privileged-changes';
import { mergePatch } from './settings-store';

/** The part of the settings store the guard drives. */
export interface GuardedStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Replaces the settings in memory only (the file keeps what it holds until the next write). */
  hold(settings: Settings): void;
  onDidChange(listener: (settings: Settings) => void): { dispose(): void };
}

export interface DigestSeal {
  read(): Promise<string | undefined>;
  write(value: string): Promise<void>;
}

export interface PendingChange {
  id: string;
  changes: string[];
}

export interface SettingsGuardDeps {
  store: GuardedStore;
  gate: PrivilegedChangeGate;
  seal: DigestSeal;
  logger: Logger;
  /** Tells the user something (a notice in the window). */
  notice(level: 'info' | 'warn' | 'error', message: string): void;
  /** The set of open confirmations changed (the page shows them as "waiting for confirmation"). */
  onPending?(pending: PendingChange[]): void;
}

/**
 * The only way privileged settings change. `request` applies the harmless part of a patch at once
 * and asks the gate about the rest; `start` holds a settings.json whose privileged values differ
 * from the last ones confirmed here (its digest is sealed by the keychain) until the user confirms.
 */
export class SettingsGuard {
  private readonly pending = new Map<string, string[]>();
  private sealing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SettingsGuardDeps) {
    deps.store.onDidChange((s) => this.reseal(s));
  }

  /** Run once before anything (tools, MCP servers, the session) reads the settings. */
  async start(): Promise<void> {
    const loaded = this.deps.store.get();
    const digest = privilegedDigest(loaded);
    const sealed = await this.deps.seal.read();
    if (sealed === digest) return;
    const held = heldSettings(loaded);
    if (sealed === undefined && privilegedDigest(held) === digest) {
      this.reseal(loaded);
      return;
    }
    const changes = privilegedChanges(held, loaded).map((c) => c.text);
    this.deps.logger.warn('settings: privileged values nobody confirmed are held', { count: changes.length });
    this.deps.store.hold(held);
    this.deps.notice('warn', 'settings.json was changed outside Inworld Desk; the changed privileged settings wait for your confirmation.');
    void this.ask('Settings were changed outside Inworld Desk', changes, () => {
      this.deps.store.update(privilegedPart(loaded));
    });
  }

  /** settings.update from the page: the harmless part applies now, the privileged part is asked for. */
  request(patch: SettingsPatch): { settings: Settings; pending?: PendingChange } {
    const before = this.deps.store.get();
    const parsed = SettingsSchema.safeParse(mergePatch(before, patch));
    if (!parsed.success) return { settings: this.deps.store.update(patch) }; // throws the store's clear error
    const after = parsed.data;
    const changes = privilegedChanges(before, after).map((c) => c.text);
    if (changes.length === 0) return { settings: this.deps.store.update(patch) };
    const settings = this.deps.store.update(withoutPrivileged(before, after));
    const wanted = privilegedPart(after);
    const id = this.ask('Confirm a settings change', changes, () => {
      this.deps.store.update(wanted);
    });
    return { settings, pending: { id, changes } };
  }

  /** A privileged action that is not a settings patch (an approval remembered as "allow"). */
  async confirm(title: string, changes: string[]): Promise<boolean> {
    try {
      return await this.deps.gate.confirm({ title, changes });
    } catch (err) {
      this.deps.logger.warn('privileged confirmation failed; treated as no', { error: String(err) });
      return false;
    }
  }

  pendingChanges(): PendingChange[] {
    return [...this.pending].map(([id, changes]) => ({ id, changes }));
  }

  /** Resolves when the seal reflects the latest change (tests, quit). */
  flush(): Promise<void> {
    return this.sealing;
  }

  private ask(title: string, changes: string[], apply: () => void): string {
    const id = randomUUID();
    this.pending.set(id, changes);
    this.deps.onPending?.(this.pendingChanges());
    void this.confirm(title, changes).then((yes) => {
      this.pending.delete(id);
      try {
        if (yes) apply();
        else this.deps.notice('info', `Not changed: ${changes.join('; ')}.`);
      } catch (err) {
        this.deps.notice('error', `The confirmed change could not be applied: ${(err as Error).message}`);
      }
      this.deps.onPending?.(this.pendingChanges());
    });
    return id;
  }

  private reseal(settings: Settings): void {
    const digest = privilegedDigest(settings);
    this.sealing = this.sealing
      .then(() => this.deps.seal.write(digest))
      .catch((err: unknown) => this.deps.logger.warn('settings: seal not written', { error: String(err) }));
  }
}

/** The privileged fields of a settings document as a patch (what a confirmation applies). */
function privilegedPart(s: Settings): SettingsPatch {
  return {
    endpoint: s.endpoint,
    mcpServers: s.mcpServers,
    tools: { runCommandEnabled: s.tools.runCommandEnabled, allowedFolders: s.tools.allowedFolders, policies: s.tools.policies },
  };
}
