import type { EventPayload } from '../../../shared/ipc/contract';

export type TrayIconState = 'idle' | 'listening' | 'speaking' | 'error' | 'offline';

/** One icon per state, most urgent first: an error beats talking, talking beats the session phase. */
export function trayIconState(conn: EventPayload<'session.state'>, pttActive: boolean): TrayIconState {
  if (conn.status === 'error') return 'error';
  if (pttActive || conn.phase === 'listening') return 'listening';
  if (conn.phase === 'speaking') return 'speaking';
  if (conn.status === 'offline' || conn.status === 'reconnecting') return 'offline';
  return 'idle';
}

export function trayTooltip(conn: EventPayload<'session.state'>, state: TrayIconState): string {
  const base = conn.demo ? 'Inworld Desk (demo)' : 'Inworld Desk';
  if (state === 'error' && conn.error) return `${base}: ${conn.error.message}`;
  const words: Record<TrayIconState, string> = {
    idle: 'ready',
    listening: 'listening…',
    speaking: 'speaking…',
    error: 'error',
    offline: conn.status === 'reconnecting' ? 'reconnecting…' : 'offline',
  };
  return `${base}: ${words[state]}`;
}

export type TrayAction =
  | 'talk'
  | 'dictate'
  | 'paste-last'
  | 'quick-ask'
  | 'mode-ptt'
  | 'mode-hands-free'
  | 'open'
  | 'settings'
  | 'logs'
  | 'check-updates'
  | 'install-update'
  | 'quit'
  /** The launcher opened with a preset (its id) or a recent question (its index) filled in. */
  | `quick-preset:${string}`
  | `quick-recent:${number}`;

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'radio'; action: TrayAction; label: string; enabled: boolean; checked?: boolean; accelerator?: string }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayMenuInput {
  mode: 'push-to-talk' | 'hands-free';
  talking: boolean;
  talkHotkey: string;
  quickAskHotkey: string;
  /** Dictation: recording now, its hotkey, the paste-last hotkey (absent = no dictation on this build). */
  dictating?: boolean;
  dictateHotkey?: string;
  pasteLastHotkey?: string;
  /** The updater's item; absent where the host has no updater (the test host). */
  updates?: { enabled: boolean; readyVersion?: string };
  quickPresets?: ReadonlyArray<{ id: string; name: string }>;
  /** Recent launcher questions, newest first. */
  quickRecent?: readonly string[];
}

const RECENT_LABEL_CHARS = 48;

/** The tray menu as data (Electron-free, unit-tested); src/main/electron/tray.ts renders it. */
export function trayMenuModel(input: TrayMenuInput): TrayMenuItem[] {
  return [
    { type: 'normal', action: 'talk', label: input.talking ? 'Stop talking' : 'Talk', enabled: input.mode === 'push-to-talk', accelerator: input.talkHotkey },
    {
      type: 'normal', action: 'dictate', label: input.dictating ? 'Stop dictating' : 'Dictate', enabled: input.dictateHotkey !== undefined,
      ...(input.dictateHotkey ? { accelerator: input.dictateHotkey } : {}),
    },
    {
      type: 'normal', action: 'paste-last', label: 'Paste last dictation', enabled: input.dictateHotkey !== undefined,
      ...(input.pasteLastHotkey ? { accelerator: input.pasteLastHotkey } : {}),
    },
    { type: 'normal', action: 'quick-ask', label: 'Ask…', enabled: true, accelerator: input.quickAskHotkey },
    ...quickSubmenus(input),
    {
      type: 'submenu',
      label: 'Mode',
      items: [
        { type: 'radio', action: 'mode-ptt', label: 'Push-to-talk', enabled: true, checked: input.mode === 'push-to-talk' },
        { type: 'radio', action: 'mode-hands-free', label: 'Hands-free', enabled: true, checked: input.mode === 'hands-free' },
      ],
    },
    { type: 'separator' },
    { type: 'normal', action: 'open', label: 'Open window', enabled: true },
    { type: 'normal', action: 'settings', label: 'Settings…', enabled: true },
    { type: 'normal', action: 'logs', label: 'Open logs', enabled: true },
    ...updateItems(input.updates),
    { type: 'separator' },
    { type: 'normal', action: 'quit', label: 'Quit Inworld Desk', enabled: true },
  ];
}

function updateItems(u: TrayMenuInput['updates']): TrayMenuItem[] {
  if (!u) return [];
  if (u.readyVersion) return [{ type: 'normal', action: 'install-update', label: `Restart to update to ${u.readyVersion}`, enabled: true }];
  // Shown even where updates are off (development, deb): clicking says why.
  return [{ type: 'normal', action: 'check-updates', label: 'Check for updates', enabled: true }];
}

function quickSubmenus(input: TrayMenuInput): TrayMenuItem[] {
  const out: TrayMenuItem[] = [];
  if (input.quickPresets?.length) {
    out.push({
      type: 'submenu',
      label: 'Ask with',
      items: input.quickPresets.map((p) => ({ type: 'normal', action: `quick-preset:${p.id}`, label: `${p.name}…`, enabled: true })),
    });
  }
  if (input.quickRecent?.length) {
    out.push({
      type: 'submenu',
      label: 'Recent questions',
      items: input.quickRecent.map((q, i) => ({
        type: 'normal',
        action: `quick-recent:${i}`,
        label: q.length > RECENT_LABEL_CHARS ? `${q.slice(0, RECENT_LABEL_CHARS - 1)}…` : q,
        enabled: true,
      })),
    });
  }
  return out;
}
