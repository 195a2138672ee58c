import { existsSync, renameSync } from 'node:fs';
import type { Logger } from '../../../shared/logger';
import type { KeyValueBackend } from './settings-store';

export interface OpenedSettings {
  backend: KeyValueBackend;
  /** Set when the file could not be read: what happened and where the damaged file went, for the user. */
  recovered?: string;
}

/**
 * Opens the settings file through `open` (electron-store / conf, which throw on a corrupt,
 * truncated or empty JSON file). A file that cannot be read is moved aside (settings.json →
 * settings.json.corrupt-<time>) so nothing is lost and the app starts with defaults; if even that
 * fails (a read-only folder), settings live in memory for this run. The caller tells the user.
 */
export function openSettingsFile(open: () => KeyValueBackend, file: string, logger: Logger, now = Date.now()): OpenedSettings {
  const first = tryOpen(open);
  if (first.backend) return { backend: first.backend };
  logger.error('settings: file unreadable', { file, error: first.error });
  const aside = `${file}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  let moved = false;
  try {
    if (existsSync(file)) {
      renameSync(file, aside);
      moved = true;
    }
  } catch (err) {
    logger.error('settings: could not move the damaged file aside', { error: String(err) });
  }
  const second = moved ? tryOpen(open) : { error: first.error };
  const what = `Your settings file could not be read (${first.error}).`;
  if (second.backend) {
    return { backend: second.backend, recovered: `${what} It was moved to ${aside} and Inworld Desk started with default settings.` };
  }
  return { backend: memoryBackend(), recovered: `${what} Inworld Desk started with default settings, which will not be saved this time.` };
}

function tryOpen(open: () => KeyValueBackend): { backend?: KeyValueBackend; error?: string } {
  try {
    const backend = open();
    backend.get('settings'); // conf parses the file on every read: make it fail here, not later
    return { backend };
  } catch (err) {
    return { error: (err as Error).message?.split('\n')[0]?.slice(0, 200) ?? String(err) };
  }
}

function memoryBackend(): KeyValueBackend {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}
