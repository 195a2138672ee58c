import { TypedEmitter } from '../../../shared/typed-emitter';
import type { Disposable } from '../../../shared/disposable';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings';
import type { Logger } from '../../../shared/logger';
import type { SettingsStorePort } from '../ports';
import { CURRENT_SETTINGS_VERSION, migrateSettings, type RawSettings } from './settings-migrations';

/**
 * The part of `conf` / `electron-store` this store uses (electron-store extends Conf), so the same
 * code persists through electron-store in the app and through conf in Node tests and the test host.
 */
export interface KeyValueBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Takes secret values out of settings before they are kept or written (McpSecrets). */
export interface SettingsSecrets {
  seal(prev: Settings | undefined, next: Settings): Settings;
}

const KEY = 'settings';
const VERSION_KEY = 'settingsVersion';
const BACKUP_KEY = 'settingsBackup';

/**
 * Loads, migrates, validates and persists the user's settings. A document that fails validation is
 * repaired key by key (a bad key falls back to its default, the others survive) and the original is
 * kept under `settingsBackup`, so a hand-edit typo never wipes everything.
 */
export class SettingsStore implements SettingsStorePort {
  private current: Settings;
  private readonly emitter: TypedEmitter<{ change: Settings }>;

  constructor(
    private readonly backend: KeyValueBackend,
    private readonly logger: Logger,
    private readonly secrets?: SettingsSecrets,
  ) {
    this.emitter = new TypedEmitter((err) => logger.warn('settings: listener failed', { error: String(err) }));
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(patch: SettingsPatch): Settings {
    const next = mergePatch(this.current, patch);
    const parsed = SettingsSchema.safeParse(next);
    if (!parsed.success) {
      const msg = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid settings: ${msg}`);
    }
    // The change applies in memory first, so a failed write (disk full, read-only folder) loses
    // nothing for this run; the next successful write persists it with everything else.
    this.current = this.secrets ? this.secrets.seal(this.current, parsed.data) : parsed.data;
    this.emitter.emit('change', this.get());
    this.persist();
    return this.get();
  }

  private persist(): void {
    try {
      this.backend.set(KEY, this.current);
      this.backend.set(VERSION_KEY, CURRENT_SETTINGS_VERSION);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.logger.error('settings: not saved', { error: String(err) });
      const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? 'the settings folder is not writable' : String((err as Error).message ?? err);
      throw new SettingsNotSaved(`Your settings could not be saved because ${why}. The change is in effect until you quit; free some space and change any setting to save it.`);
    }
  }

  /** Replaces the settings in memory only: the settings guard holds unconfirmed privileged values this way. */
  hold(settings: Settings): void {
    const held = SettingsSchema.parse(settings);
    this.current = this.secrets ? this.secrets.seal(undefined, held) : held;
    this.emitter.emit('change', this.get());
  }

  onDidChange(listener: (settings: Settings) => void): Disposable {
    return this.emitter.on('change', listener);
  }

  private load(): Settings {
    const raw = this.backend.get(KEY);
    const version = Number(this.backend.get(VERSION_KEY) ?? 0);
    const { settings: migrated, version: newVersion, applied } = migrateSettings(raw, version);
    if (applied.length) this.logger.info('settings: migrated', { from: version, to: newVersion, applied });
    const parsed = SettingsSchema.safeParse(migrated);
    let result: Settings;
    if (parsed.success) {
      result = parsed.data;
    } else {
      this.logger.warn('settings: invalid document repaired', { issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) });
      this.backend.set(BACKUP_KEY, raw);
      result = repair(migrated);
    }
    // Secret values a file holds in the clear (an older version's, a hand edit) leave it now.
    const sealed = this.secrets ? this.secrets.seal(undefined, result) : result;
    const tookSecrets = sealed !== result && JSON.stringify(sealed) !== JSON.stringify(result);
    result = sealed;
    if (raw === undefined || applied.length || !parsed.success || tookSecrets) {
      this.backend.set(KEY, result);
      this.backend.set(VERSION_KEY, newVersion);
    }
    return result;
  }
}

/** The change applied in memory but could not be written; the message says what to do. */
export class SettingsNotSaved extends Error {
  override readonly name = 'SettingsNotSaved';
}

/** Keeps every top-level key that validates on its own, defaults the rest. */
function repair(doc: RawSettings): Settings {
  const base = SettingsSchema.parse({});
  const shape = SettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(doc)) {
    const field = shape[k];
    if (!field) continue;
    const r = field.safeParse(v);
    if (r.success) out[k] = r.data;
  }
  return SettingsSchema.parse(out);
}

/** Nested objects in the patch (hotkeys, audio, tools) merge one level deep; arrays replace. */
export function mergePatch(current: Settings, patch: SettingsPatch): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const prev = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
      out[k] = { ...(prev as object), ...(v as object) };
    } else {
      out[k] = v;
    }
  }
  return out;
}
