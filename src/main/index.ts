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
import { openHistory } from './history/open-history';
import { registerHandlers } from './ipc/register-handlers';
import { EventHub } from './ipc/event-hub';
import { createSenderPolicy } from './ipc/sender-policy';
import { AppController } from './services/app-controller';
import { resolveDemoConfig } from './services/session/demo-mode';
import { FileLogger } from './services/logging/file-logger';
import { SettingsGuard } from './services/settings/settings-guard';
import { electronPrivilegedDialog } from './electron/privileged-dialog';
import { startedHidden } from './services/shell/autostart';
import type { CommandTargets } from './services/shell/command-router';
import { hasAction, type AppCommand } from './cli/app-args';
import { trayIconState, trayMenuModel } from './services/shell/tray-model';
import { HotkeyService } from './services/hotkey/hotkey-service';
import { createUiohookHook } from './services/hotkey/native-key-hook';
import { watchAccessibility } from './services/hotkey/accessibility-watch';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { attachAudioChannel } from './electron/audio-channel';
import { electronShortcuts } from './electron/global-shortcut-port';
import { electronIpcMainPort } from './electron/ipc-main-port';
import { applyLaunchAtLogin, checkLaunchAtLogin } from './electron/autostart';
import { createMainWindow, preloadPath } from './electron/main-window';
import { electronNotifier } from './electron/notifier';
import { onPowerInterruptions, onPowerResumed } from './electron/power-events';
import { installQuitSequence, isQuitting } from './electron/lifecycle';
import { QuickAskWindow } from './electron/quick-ask-window';
import { electronContextReader, electronQuickPorts } from './electron/quick-ports';
import { createElectronToolPorts } from './electron/tool-ports';
import { AppTray } from './electron/tray';
import { wireDictation } from './electron/dictation-wiring';
import type { DictateAction } from './dictation/dictate-action';
import { SharedKeyHook } from './services/hotkey/shared-key-hook';
import { launchFromCommandLine, runCommands } from './electron/command-line';
import { openSettingsSeal, openStores } from './electron/stores';
import { createUpdateService } from './electron/updater';
import { applySessionPermissions } from './electron/window-security';
import { showStartupErrorAndExit, showStartupNotice } from './electron/startup-error';
import { chromiumFeatures } from './electron/chromium-features';

registerAppScheme();
// Before `ready`: the echo canceller's reference must include the Web Audio player, and on
// Wayland globalShortcut works only through the GlobalShortcuts portal (see chromium-features.ts).
app.commandLine.appendSwitch('enable-features', chromiumFeatures(process.platform, process.env).join(','));
// Windows shows notifications only for apps with an AppUserModelID (the installer's appId).
if (process.platform === 'win32') app.setAppUserModelId('ai.inworld.desk');

launchFromCommandLine(start, showStartupErrorAndExit);

async function start(command: AppCommand): Promise<void> {
  const disposables = new DisposableStore();
  const logger = new FileLogger({ dir: app.getPath('logs'), echo: !app.isPackaged, level: app.isPackaged ? 'info' : 'debug' });
  process.on('uncaughtException', (err) => logger.error('uncaught exception', { error: err.stack ?? String(err) }));
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { error: String(err) }));
  logger.info('starting', { version: app.getVersion(), platform: process.platform, electron: process.versions.electron });

  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const appOrigins = [APP_ORIGIN, ...(devUrl ? [new URL(devUrl).origin] : [])];
  const rendererDir = join(__dirname, '..', 'renderer');
  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(__dirname, '..', '..', 'resources');
  serveAppProtocol(session.defaultSession, rendererDir, {
    __quick: join(rendererDir, 'quick'),
    __overlay: join(resourcesDir, 'dictation-overlay'),
  });
  applySessionPermissions(session.defaultSession, appOrigins, logger);

  const demo = resolveDemoConfig(process.env);
  if (demo.ignored) logger.warn(demo.ignored);
  if (demo.demo) logger.info('demo mode', { endpoint: demo.endpointOverride });
  logger.redactor.addSecret(process.env.INWORLD_API_KEY);

  const { settings, keys, mcpSecrets, recovered } = await openStores(logger);
  if (recovered) showStartupNotice(recovered);
  const events = new EventHub({ validate: !app.isPackaged, logger });
  let mainWindow: BrowserWindow | undefined;
  const preload = preloadPath(__dirname);
  // Before the tools and the session read anything: unconfirmed privileged values are held.
  const guard = new SettingsGuard({
    store: settings,
    gate: electronPrivilegedDialog(() => mainWindow),
    seal: openSettingsSeal(logger),
    logger,
    notice: (level, message) => events.emit('notice', { level, message }),
    onPending: (pending) => events.emit('settings.pending', { pending }),
  });
  await guard.start();
  const toolPorts = createElectronToolPorts(app.getPath('userData'));
  const tools = createToolSystem(toolPorts, toolSettingsFromStore(settings), {
    runtime: { logger },
    mcp: { resolve: (c) => mcpSecrets.resolve(c) },
  });

  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openMainWindow(true);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  const notify = (level: 'info' | 'warn' | 'error', body: string) => electronNotifier(showWindow).notify({ title: 'Inworld Desk', body, level });

  // The hotkey service is built before the controller (the controller reads its status), so its
  // callbacks reach the controller late.
  const late: { controller?: AppController } = {};
  // One native hook for the talk key, the dictation key and dictation's Esc.
  const sharedHook = new SharedKeyHook(() => createUiohookHook());
  const hotkey = new HotkeyService({
    platform: process.platform,
    env: process.env,
    ...(process.platform === 'darwin' ? { accessibilityTrusted: () => systemPreferences.isTrustedAccessibilityClient(false) } : {}),
    nativeHook: () => sharedHook.open(),
    shortcuts: electronShortcuts,
    onPress: () => void late.controller?.pttPress('hotkey'),
    onRelease: (reason) => {
      if (reason === 'reset') late.controller?.pttAbort();
      else void late.controller?.pttRelease('hotkey');
    },
    logger,
  });
  disposables.add(hotkey);
  const dictation = wireDictation({
    platform: process.platform,
    env: process.env,
    ...(process.platform === 'darwin' ? { accessibilityTrusted: () => systemPreferences.isTrustedAccessibilityClient(false) } : {}),
    settings, keys, demo, events, logger, notifier: electronNotifier(showWindow), userData: app.getPath('userData'),
    preload, appOrigins, sharedHook, pttActive: () => late.controller?.pttActive ?? false,
  });

  const history = openHistory(app.getPath('userData'));
  if (history.openProblem) logger.warn('history', { problem: history.openProblem });
  const quickAsk = new QuickAskWindow({
    url: `${APP_ORIGIN}/__quick/index.html`,
    preload,
    appOrigins,
    logger,
    onBlur: () => late.controller?.quick.onBlur(),
  });
  // One reader of a question's context for the launcher and `--ask --context` alike.
  const contextReader = electronContextReader();
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
    dictation: dictation.controller,
    guard,
    history,
    quick: electronQuickPorts(quickAsk, () => refreshTray(), contextReader),
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

  const updates = createUpdateService(settings, logger, notify);
  disposables.add(updates);
  const tray = new AppTray(resourcesDir, (action) => {
    if (action === 'check-updates') void updates.check('manual');
    else if (action === 'install-update') updates.installNow();
    else ctl.trayAction(action);
  });
  const trayMenuInput = () => {
    const s = settings.get();
    const u = updates.state;
    return {
      mode: s.mode,
      talking: ctl.pttActive,
      talkHotkey: s.hotkeys.talk,
      quickAskHotkey: s.hotkeys.quickAsk,
      ...dictation.trayInput(),
      updates: { enabled: updates.enabled, ...(u.status === 'ready' ? { readyVersion: u.version } : {}) },
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
    (globalThis as { __inworldDeskTest?: unknown }).__inworldDeskTest = {
      trayMenu: () => trayMenuModel(trayMenuInput()),
      dictate: (action: DictateAction) => ctl.dictation.request(action),
    };
  }
  disposables.add(events.subscribe((name) => {
    if (name === 'session.state' || name === 'ptt.state' || name === 'settings.changed' || name === 'dictation.state') refreshTray();
  }));
  disposables.add(updates.onState(() => refreshTray()));
  refreshTray();
  updates.start();

  const initial = settings.get();
  void checkLaunchAtLogin(initial.launchAtLogin, logger);
  hotkey.configure(initial.hotkeys.talk, initial.hotkeys.talkBehaviour);
  // Through the hotkey service, so a failed registration shows where a failed talk key does.
  // Tap: the launcher opens; hold (native hook): the question is spoken while the key is down.
  const quickKeyDown = () => ctl.quickKey.down();
  const quickKeyUp = (heldMs: number) => void ctl.quickKey.up(heldMs);
  hotkey.configureQuickAsk(initial.hotkeys.quickAsk, quickKeyDown, quickKeyUp);
  disposables.add(settings.onDidChange((s) => hotkey.configureQuickAsk(s.hotkeys.quickAsk, quickKeyDown, quickKeyUp)));
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
    disposables.add(
      watchAccessibility({
        isTrusted: (prompt) => systemPreferences.isTrustedAccessibilityClient(prompt),
        wantsHold: () => settings.get().hotkeys.talkBehaviour !== 'toggle',
        explain: (message) => notify('info', message),
        onGranted: () => {
          const s = settings.get();
          logger.info('accessibility granted: re-arming the talk hotkey for holding');
          hotkey.configure(s.hotkeys.talk, s.hotkeys.talkBehaviour);
        },
      }),
    );
    void systemPreferences.askForMediaAccess('microphone').then((ok) => {
      if (!ok) logger.warn('microphone access denied by macOS');
    });
  }

  // A launch that asks for something (--dictate from a desktop shortcut, --quick-ask) starts in the tray.
  mainWindow = openMainWindow(!startedHidden(process.argv, initial) && !hasAction(command));
  // `--dictate toggle|start|stop|cancel|paste-last` (first launch or forwarded by a second one) reaches dictation here.
  disposables.add(ctl.dictation.on((action) => void dictation.handleArgv(['--dictate', action])));
  const commandTargets: CommandTargets = {
    showWindow,
    openQuickAsk: () => void ctl.openQuickAsk(),
    ask: (text) => ctl.quickAsk(text),
    dictation: (action) => ctl.dictation.request(action),
    notify,
    context: contextReader,
    logger,
  };
  runCommands(command, commandTargets, logger);
  // Loaded hidden now, so the launcher's first open is as quick as the next ones.
  quickAsk.prepare();
  app.on('activate', showWindow);
  // The tray keeps the app alive with no window open.
  app.on('window-all-closed', () => {});

  // Let MCP servers and the session close cleanly, but never hang the quit.
  installQuitSequence({
    shutdown: () => Promise.allSettled([ctl.dispose(), tools.shutdown(), dictation.dispose(), guard.flush(), mcpSecrets.flush()]),
    cleanup: () => {
      disposables.dispose();
      history.store?.close();
      quickAsk.dispose();
      tray.dispose();
    },
  });
}
