/**
 * Composition root of the main process: the only place that wires Electron to the Electron-free
 * services. Order matters: the app:// scheme is registered before `ready`, the single-instance
 * lock is taken before any window exists, and every IPC handler is registered before the first
 * page can load.
 */
import { app, BrowserWindow, session, shell, systemPreferences } from 'electron';
import { join } from 'node:path';
import { DisposableStore } from '../shared/disposable';
import { IPC_EVENT_PREFIX } from '../shared/ipc/contract';
import { createRealtimeSession } from './realtime';
import { createToolSystem, toolSettingsFromStore } from './tools';
import { registerHandlers } from './ipc/register-handlers';
import { EventHub } from './ipc/event-hub';
import { createSenderPolicy } from './ipc/sender-policy';
import { AppController } from './services/app-controller';
import { resolveDemoConfig } from './services/session/demo-mode';
import { fileSecretBlob } from './services/security/file-secret-blob';
import { FileLogger } from './services/logging/file-logger';
import { KeyStore } from './services/security/key-store';
import { startedHidden } from './services/shell/autostart';
import { SettingsStore, type KeyValueBackend } from './services/settings/settings-store';
import { trayIconState, trayMenuModel } from './services/shell/tray-model';
import { HotkeyService } from './services/hotkey/hotkey-service';
import { createUiohookHook } from './services/hotkey/native-key-hook';
import { isWayland } from './services/hotkey/platform-support';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { attachAudioChannel } from './electron/audio-channel';
import { electronShortcuts } from './electron/global-shortcut-port';
import { electronIpcMainPort } from './electron/ipc-main-port';
import { applyLaunchAtLogin } from './electron/autostart';
import { createMainWindow, preloadPath } from './electron/main-window';
import { electronNotifier } from './electron/notifier';
import { onPowerInterruptions, onPowerResumed } from './electron/power-events';
import { installQuitSequence, isQuitting } from './electron/lifecycle';
import { QuickAskWindow } from './electron/quick-ask-window';
import { electronQuickPorts } from './electron/quick-ports';
import { electronSafeStorage } from './electron/safe-storage-port';
import { createElectronToolPorts } from './electron/tool-ports';
import { AppTray } from './electron/tray';
import { applySessionPermissions } from './electron/window-security';

registerAppScheme();
// On Wayland, globalShortcut works only through the GlobalShortcuts portal (KDE, Hyprland,
// GNOME ≤ 49); the switch must be set before `ready`.
if (process.platform === 'linux' && isWayland(process.env)) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
// Windows shows notifications only for apps with an AppUserModelID (the installer's appId).
if (process.platform === 'win32') app.setAppUserModelId('ai.inworld.desk');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (err) => {
    console.error('startup failed', err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const disposables = new DisposableStore();
  const logger = new FileLogger({ dir: app.getPath('logs'), echo: !app.isPackaged, level: app.isPackaged ? 'info' : 'debug' });
  process.on('uncaughtException', (err) => logger.error('uncaught exception', { error: err.stack ?? String(err) }));
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { error: String(err) }));
  logger.info('starting', { version: app.getVersion(), platform: process.platform, electron: process.versions.electron });

  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const appOrigins = [APP_ORIGIN, ...(devUrl ? [new URL(devUrl).origin] : [])];
  const rendererDir = join(__dirname, '..', 'renderer');
  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(__dirname, '..', '..', 'resources');
  serveAppProtocol(session.defaultSession, rendererDir, { __quick: join(rendererDir, 'quick') });
  applySessionPermissions(session.defaultSession, appOrigins, logger);

  const demo = resolveDemoConfig(process.env);
  if (demo.ignored) logger.warn(demo.ignored);
  if (demo.demo) logger.info('demo mode', { endpoint: demo.endpointOverride });
  logger.redactor.addSecret(process.env.INWORLD_API_KEY);

  const { default: ElectronStore } = await import('electron-store');
  const settings = new SettingsStore(new ElectronStore({ name: 'settings' }) as unknown as KeyValueBackend, logger);
  const keys = new KeyStore({
    safeStorage: electronSafeStorage,
    blobs: fileSecretBlob(join(app.getPath('userData'), 'api-key.bin')),
    allowEnvKey: () => settings.get().allowEnvKey,
    env: process.env,
    logger,
    registerSecret: (v) => logger.redactor.addSecret(v),
  });
  const events = new EventHub({ validate: !app.isPackaged, logger });
  const tools = createToolSystem(createElectronToolPorts(app.getPath('userData')), toolSettingsFromStore(settings), {
    runtime: { logger },
  });

  let mainWindow: BrowserWindow | undefined;
  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openMainWindow(true);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  // The hotkey service is built before the controller (the controller reads its status), so its
  // callbacks reach the controller late.
  const late: { controller?: AppController } = {};
  const hotkey = new HotkeyService({
    platform: process.platform,
    env: process.env,
    ...(process.platform === 'darwin' ? { accessibilityTrusted: () => systemPreferences.isTrustedAccessibilityClient(false) } : {}),
    nativeHook: () => createUiohookHook(),
    shortcuts: electronShortcuts,
    onPress: () => void late.controller?.pttPress('hotkey'),
    onRelease: (reason) => {
      if (reason === 'reset') late.controller?.pttAbort();
      else void late.controller?.pttRelease('hotkey');
    },
    logger,
  });
  disposables.add(hotkey);

  const preload = preloadPath(__dirname);
  const quickAsk = new QuickAskWindow({
    url: `${APP_ORIGIN}/__quick/index.html`,
    preload,
    appOrigins,
    logger,
    onBlur: () => late.controller?.quick.onBlur(),
  });
  const ctl = new AppController({
    identity: { name: app.getName(), version: app.getVersion(), platform: process.platform, host: 'electron' },
    sessionFactory: (options) => createRealtimeSession(options),
    settings,
    keys,
    demo,
    events,
    logger,
    tools,
    hotkey,
    quick: electronQuickPorts(quickAsk, () => refreshTray()),
    notifier: electronNotifier(showWindow),
    shell: {
      isWindowVisible: () => Boolean(mainWindow && !mainWindow.isDestroyed() && mainWindow.isVisible() && !mainWindow.isMinimized()),
      showWindow,
      showQuickAsk: () => void late.controller?.openQuickAsk(),
      openLogs: async () => {
        const err = await shell.openPath(app.getPath('logs'));
        if (err) throw new Error(err);
      },
      setLaunchAtLogin: (enabled) => applyLaunchAtLogin(enabled, logger),
      quit: () => app.quit(),
    },
  });
  late.controller = ctl;

  disposables.add(
    registerHandlers(electronIpcMainPort, ctl.handlers, {
      isAllowedSender: createSenderPolicy(appOrigins),
      validateOutput: !app.isPackaged,
      logger,
    }),
  );
  // Events go to every window of ours (main and quick ask), never to a foreign page.
  disposables.add(
    events.subscribe((name, payload) => {
      for (const w of BrowserWindow.getAllWindows()) {
        if (!w.isDestroyed() && appOrigins.some((o) => w.webContents.getURL().startsWith(`${o}/`))) {
          w.webContents.send(`${IPC_EVENT_PREFIX}${name}`, payload);
        }
      }
    }),
  );

  const pageUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  function openMainWindow(show: boolean): BrowserWindow {
    const win = createMainWindow({ url: pageUrl, preload, appOrigins, show, icon: join(resourcesDir, 'icon.png'), logger });
    const audio = attachAudioChannel(win.webContents, ctl, appOrigins, logger);
    win.on('blur', () => {
      // A window-held talk button must not stay pressed when focus leaves (the global hotkey is separate).
      if (ctl.pttState().source === 'window') void ctl.pttRelease('window');
    });
    win.on('close', (e) => {
      // Closing the window keeps the assistant in the tray; Quit is in the tray menu.
      if (!isQuitting()) {
        e.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => audio.dispose());
    return win;
  }

  const tray = new AppTray(resourcesDir, (action) => ctl.trayAction(action));
  const trayMenuInput = () => {
    const s = settings.get();
    return {
      mode: s.mode,
      talking: ctl.pttActive,
      talkHotkey: s.hotkeys.talk,
      quickAskHotkey: s.hotkeys.quickAsk,
      quickPresets: s.quick.presets,
      quickRecent: ctl.quick.recentQueries(),
    };
  };
  const refreshTray = () => {
    const conn = ctl.connectionState();
    tray.update(conn, trayIconState(conn, ctl.pttActive), trayMenuInput());
  };
  if (!app.isPackaged && process.env.INWORLD_TEST_HOOKS === '1') {
    // For the Electron e2e specs only (never in a packaged build): the tray is not reachable from
    // Playwright's main-process evaluate otherwise.
    (globalThis as { __inworldDeskTest?: unknown }).__inworldDeskTest = { trayMenu: () => trayMenuModel(trayMenuInput()) };
  }
  disposables.add(events.subscribe((name) => {
    if (name === 'session.state' || name === 'ptt.state' || name === 'settings.changed') refreshTray();
  }));
  refreshTray();

  const initial = settings.get();
  hotkey.configure(initial.hotkeys.talk, initial.hotkeys.talkBehaviour);
  // Through the hotkey service, so a failed registration shows where a failed talk key does.
  const openQuickAsk = () => void ctl.openQuickAsk();
  hotkey.configureQuickAsk(initial.hotkeys.quickAsk, openQuickAsk);
  disposables.add(settings.onDidChange((s) => hotkey.configureQuickAsk(s.hotkeys.quickAsk, openQuickAsk)));
  disposables.add(onPowerInterruptions((why) => {
    logger.info('power event: resetting push-to-talk', { why });
    hotkey.reset();
    ctl.pttAbort();
  }));
  disposables.add(onPowerResumed((why) => {
    const s = settings.get();
    logger.info('power event: re-arming the talk hotkey', { why });
    hotkey.configure(s.hotkeys.talk, s.hotkeys.talkBehaviour);
  }));

  if (process.platform === 'darwin') {
    void systemPreferences.askForMediaAccess('microphone').then((ok) => {
      if (!ok) logger.warn('microphone access denied by macOS');
    });
  }

  mainWindow = openMainWindow(!startedHidden(process.argv, initial));
  // Loaded hidden now, so the launcher's first open is as quick as the next ones.
  quickAsk.prepare();
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // The tray keeps the app alive with no window open.
  app.on('window-all-closed', () => {});

  // Let MCP servers and the session close cleanly, but never hang the quit.
  installQuitSequence({
    shutdown: () => Promise.allSettled([ctl.dispose(), tools.shutdown()]),
    cleanup: () => {
      disposables.dispose();
      quickAsk.dispose();
      tray.dispose();
    },
  });
}
