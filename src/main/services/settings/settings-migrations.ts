/**
 * Versioned migrations of the persisted settings document. Each step takes the raw object of the
 * previous version (never trusted: it may have been edited by hand) and returns the next version.
 * Adding a setting with a default needs no migration (the schema fills it); a rename, a moved field
 * or a changed meaning does. Electron-free so it is tested in plain Node.
 */
import { DEFAULT_QUICK_ASK_HOTKEY, LEGACY_QUICK_ASK_HOTKEY } from '../../../shared/settings';

export type RawSettings = Record<string, unknown>;

export interface Migration {
  /** The version this step produces. */
  to: number;
  describe: string;
  migrate(raw: RawSettings): RawSettings;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    describe: 'flat pre-release keys (talkHotkey, pushToTalk) move into hotkeys / mode',
    migrate(raw) {
      const out: RawSettings = { ...raw };
      const hotkeys = isObject(out.hotkeys) ? { ...out.hotkeys } : {};
      if (typeof out.talkHotkey === 'string' && hotkeys.talk === undefined) hotkeys.talk = out.talkHotkey;
      delete out.talkHotkey;
      if (Object.keys(hotkeys).length > 0) out.hotkeys = hotkeys;
      if (typeof out.pushToTalk === 'boolean' && out.mode === undefined) out.mode = out.pushToTalk ? 'push-to-talk' : 'hands-free';
      delete out.pushToTalk;
      return out;
    },
  },
  {
    to: 2,
    describe: 'the old default quick-ask key (Ctrl+Shift+K, taken by Firefox and VS Code) becomes the new default',
    migrate(raw) {
      if (!isObject(raw.hotkeys) || raw.hotkeys.quickAsk !== LEGACY_QUICK_ASK_HOTKEY) return raw;
      return { ...raw, hotkeys: { ...raw.hotkeys, quickAsk: DEFAULT_QUICK_ASK_HOTKEY } };
    },
  },
];

export const CURRENT_SETTINGS_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.to), 0);

/**
 * Runs every step newer than `fromVersion`. A document from a newer app version (downgrade) is left
 * as is: the schema then keeps what it understands instead of a migration guessing backwards.
 */
export function migrateSettings(raw: unknown, fromVersion: number): { settings: RawSettings; version: number; applied: string[] } {
  let doc: RawSettings = isObject(raw) ? { ...raw } : {};
  const applied: string[] = [];
  const from = Number.isInteger(fromVersion) && fromVersion >= 0 ? fromVersion : 0;
  if (from > CURRENT_SETTINGS_VERSION) return { settings: doc, version: from, applied };
  for (const m of [...MIGRATIONS].sort((a, b) => a.to - b.to)) {
    if (m.to <= from) continue;
    doc = m.migrate(doc);
    applied.push(m.describe);
  }
  return { settings: doc, version: CURRENT_SETTINGS_VERSION, applied };
}
