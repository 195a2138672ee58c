import { clipboard } from 'electron';
import { join } from 'node:path';
import { DisposableStore } from '../../shared/disposable';
import type { DictationView } from '../../shared/dictation';
import type { Logger } from '../../shared/logger';
import { DictationController } from '../dictation/dictation-controller';
import { DictationKeys } from '../dictation/dictation-keys';
import { createPlatformInserter } from '../dictation/platform-inserter';
import { parseDictateArgv } from '../dictation/dictate-argv';
import { DictationJournal, JOURNAL_FILE } from '../dictation/journal';
import type { EventHub } from '../ipc/event-hub';
import { HotkeyService } from '../services/hotkey/hotkey-service';
import type { SharedKeyHook } from '../services/hotkey/shared-key-hook';
import type { HookEnvironment } from '../services/hotkey/platform-support';
import type { KeyStorePort, NotifierPort, SettingsStorePort } from '../services/ports';
import type { DemoConfig } from '../services/session/demo-mode';
import { APP_ORIGIN } from './app-protocol';
import { DictationOverlayWindow } from './dictation-overlay-window';
import { electronShortcuts } from './global-shortcut-port';

/**
 * Dictation's Electron side, kept out of the composition root: the journal in userData, its own
 * hotkey (hold / toggle / auto on the shared native hook), Esc and paste-last keys, the overlay
 * window, and `--dictate` actions from argv (first launch or forwarded by a second instance).
 */
export interface DictationWiringDeps extends HookEnvironment {
  settings: SettingsStorePort;
  keys: KeyStorePort;
  demo: DemoConfig;
  events: EventHub;
  logger: Logger;
  notifier: NotifierPort;
  userData: string;
  preload: string;
  appOrigins: readonly string[];
  sharedHook: SharedKeyHook;
  pttActive(): boolean;
}

export interface DictationWiring {
  controller: DictationController;
  /** Runs a `--dictate …` action found in argv; false when argv has none. */
  handleArgv(argv: readonly string[]): boolean;
  trayInput(): { dictating: boolean; dictateHotkey: string; pasteLastHotkey: string };
  dispose(): Promise<void>;
}

export function wireDictation(d: DictationWiringDeps): DictationWiring {
  const subs = new DisposableStore();
  const journal = new DictationJournal(join(d.userData, JOURNAL_FILE));
  const overlay = new DictationOverlayWindow({ url: `${APP_ORIGIN}/__overlay/index.html`, preload: d.preload, appOrigins: d.appOrigins, logger: d.logger });
  const env = { platform: d.platform, env: d.env, ...(d.accessibilityTrusted ? { accessibilityTrusted: d.accessibilityTrusted } : {}) };
  const late: { hotkey?: HotkeyService; keys?: DictationKeys } = {};
  const controller = new DictationController({
    settings: d.settings, keys: d.keys, demo: d.demo, events: d.events, logger: d.logger, notifier: d.notifier, journal,
    // X11: the real paste path with read receipts; elsewhere copy-only with the reason (insertion-platform.ts).
    inserter: createPlatformInserter({ platform: d.platform, env: d.env, accessibilityTrusted: d.accessibilityTrusted?.() ?? false }, { writeText: (t) => clipboard.writeText(t) }).inserter,
    pttActive: d.pttActive,
    hotkey: () => late.hotkey?.status() ?? { accelerator: '', behaviour: 'auto', registered: false, holdSupported: false },
    pasteLastRegistered: () => late.keys?.pasteLastRegistered ?? false,
    onOverlayHover: (over) => overlay.setHover(over),
  });
  const hotkey = new HotkeyService({
    ...env,
    nativeHook: () => d.sharedHook.open(),
    shortcuts: electronShortcuts,
    onPress: () => controller.start('hotkey'),
    onRelease: (reason) => (reason === 'reset' ? controller.cancel() : controller.stop('hotkey')),
    logger: d.logger,
  });
  late.hotkey = hotkey;
  const keys = new DictationKeys({
    ...env, shortcuts: electronShortcuts, hook: () => d.sharedHook.open(), logger: d.logger,
    busy: () => controller.busy, cancel: () => controller.cancel(), pasteLast: () => void controller.pasteLast(),
  });
  late.keys = keys;

  const configure = () => {
    const s = d.settings.get().dictation;
    hotkey.configure(s.hotkey, s.behaviour);
    keys.configurePasteLast(s.pasteLastHotkey);
    d.events.emit('dictation.status', controller.status());
  };
  configure();
  let last = JSON.stringify([d.settings.get().dictation.hotkey, d.settings.get().dictation.behaviour]);
  subs.add(d.settings.onDidChange((s) => {
    const now = JSON.stringify([s.dictation.hotkey, s.dictation.behaviour]);
    if (now !== last) hotkey.configure(s.dictation.hotkey, s.dictation.behaviour);
    last = now;
    keys.configurePasteLast(s.dictation.pasteLastHotkey);
  }));
  subs.add(hotkey.onStatus(() => d.events.emit('dictation.status', controller.status())));
  subs.add(d.events.subscribe((name, payload) => {
    if (name !== 'dictation.state') return;
    overlay.update(payload as DictationView);
    keys.busyChanged();
  }));

  return {
    controller,
    handleArgv(argv) {
      const a = parseDictateArgv(argv);
      if (!a) return false;
      if ('error' in a) {
        d.logger.warn(`ignoring ${a.error}`);
        return true;
      }
      d.logger.info('dictation: action from the command line', { action: a.action });
      if (a.action === 'toggle') controller.toggle('cli');
      else if (a.action === 'start') controller.start('cli');
      else if (a.action === 'stop') controller.stop('cli');
      else if (a.action === 'cancel') controller.cancel();
      else void controller.pasteLast();
      return true;
    },
    trayInput() {
      const s = d.settings.get().dictation;
      return { dictating: controller.active, dictateHotkey: s.hotkey, pasteLastHotkey: s.pasteLastHotkey };
    },
    async dispose() {
      subs.dispose();
      keys.dispose();
      hotkey.dispose();
      overlay.dispose();
      await controller.dispose();
      journal.close();
    },
  };
}
