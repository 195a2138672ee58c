/**
 * TEST HOST — runs the real renderer in any browser against the real main-side code, without
 * Electron. It constructs the same AppController and the same validating call dispatcher as
 * src/main/index.ts, with Node ports (settings via `conf` in a temp folder, a fake but really
 * encrypting safeStorage, the real realtime core), and serves the BUILT renderer (out/renderer; run
 * `npx electron-vite build` first) over http on 127.0.0.1 with the app's CSP as a header and <meta>.
 * A same-origin classic script, /__host/bridge.js (test/host/bridge-client.ts bundled by esbuild),
 * defines `window.assistant` with buildAssistantApi() over a WebSocket before the app's module
 * script runs; src/renderer cannot tell which host it is on.
 *
 *   const host = await startTestHost({ simulatorUrl: sim.url, simulatorKey: sim.key });
 *   await page.goto(host.url);
 *   host.controller      // the AppController (e.g. host.controller.pttPress('hotkey'))
 *   host.events          // EventHub: subscribe to every contract event the page receives
 *   host.keys            // the KeyStore (status/set/clear; `read` is what main would send upstream)
 *   host.settings        // the SettingsStore
 *   host.toolEffects     // what built-in tools did (clipboard, opened URLs/paths)
 *   host.logFile         // the host's main-side log (redacted like the app's)
 *   host.dictation       // the DictationController (start/stop/cancel as the dictation key would)
 *   host.dictationInserter // what dictation inserted (a recording TextInserter unless one is given)
 *   await host.close();
 *
 * Options: simulatorUrl (ws:// endpoint; demo mode with simulatorKey as the key), rendererDir,
 * port (default 0 = any), dataDir (default a fresh temp dir, removed on close), settings (initial
 * patch), secureStorage ('keychain' | 'basic_text'), env (what the key store sees as the
 * environment), sessionFactory (default: the realtime core), tools (default: the real tool system
 * over recording stand-in ports, see host.toolEffects; false = no tools), dictationInserter, echoLogs.
 * The dictation overlay page is served at /__overlay/ as the app:// scheme serves it.
 * Playwright: test/e2e/fixtures/host-fixture.ts starts simulator + host + Chromium per test.
 * From a shell: `npm run host` (starts its own simulator) or
 * `npm run host -- --simulator ws://127.0.0.1:PORT/api/v1/realtime/session --key KEY --port 5199`.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SettingsPatch } from '../../src/shared/settings';
import { createCallDispatcher } from '../../src/main/ipc/call-dispatcher';
import { EventHub } from '../../src/main/ipc/event-hub';
import { createSenderPolicy } from '../../src/main/ipc/sender-policy';
import { AppController, type AppControllerDeps } from '../../src/main/services/app-controller';
import { RecordingQuickWindow, testHostQuickPorts } from './quick-ports';
import { contentSecurityPolicy, injectIntoHtml } from '../../src/main/services/security/csp';
import { resolveDemoConfig, type DemoConfig } from '../../src/main/services/session/demo-mode';
import { fileSecretBlob } from '../../src/main/services/security/file-secret-blob';
import { FileLogger } from '../../src/main/services/logging/file-logger';
import { KeyStore } from '../../src/main/services/security/key-store';
import { SealedValue } from '../../src/main/services/security/sealed-value';
import { SettingsGuard } from '../../src/main/services/settings/settings-guard';
import { ScriptedConfirmer, type ConfirmAnswer } from './scripted-confirmer';
import type { SessionFactory, ToolRuntimePort } from '../../src/main/services/ports';
import { SettingsStore } from '../../src/main/services/settings/settings-store';
import { mimeTypeOf, resolveAsset } from '../../src/main/services/shell/static-assets';
import { createToolSystem, toolSettingsFromStore, type ToolSystem } from '../../src/main/tools';
import { openHistory } from '../../src/main/history/open-history';
import { bundleBridgeScript } from './bundle-bridge';
import { nodeToolPorts, type RecordedToolPorts } from './node-tool-ports';
import { confBackend, fakeSafeStorage } from './node-ports';
import { realtimeSessionFactory } from './realtime-core';
import { attachWsBridge, tokenMatches } from './ws-bridge-server';
import { HOST_BRIDGE_PATH, HOST_TOKEN_COOKIE, HOST_TOKEN_QUERY } from './wire';
import { randomBytes } from 'node:crypto';
import { DictationController } from '../../src/main/dictation/dictation-controller';
import { DictationJournal, JOURNAL_FILE } from '../../src/main/dictation/journal';
import type { TextInserter } from '../../src/main/dictation/text-inserter';
import { RecordingInserter } from '../main/dictation/recording-inserter';

export interface TestHostOptions {
  simulatorUrl?: string;
  simulatorKey?: string;
  rendererDir?: string;
  port?: number;
  dataDir?: string;
  settings?: SettingsPatch;
  secureStorage?: 'keychain' | 'basic_text';
  env?: Record<string, string | undefined>;
  sessionFactory?: SessionFactory;
  /** Default: the real tool system (built-ins over recording stand-in ports, MCP from settings); false = none. */
  tools?: ToolRuntimePort | false;
  echoLogs?: boolean;
  /** How main's confirmation dialog answers privileged changes (default: yes). Scripted later via host.confirmer. */
  confirm?: ConfirmAnswer;
  /** The launcher's ports; default: a recording window stand-in + X11 context/focus when there is a display. */
  quick?: AppControllerDeps['quick'];
  /**
   * Extra scripts served as-is at the given paths (e.g. a test's own AudioWorklet module, which
   * Playwright's request routing cannot intercept because worklet fetches bypass it).
   */
  extraScripts?: Record<string, string>;
  /** Where dictated text goes (default: a recording inserter, see host.dictationInserter). */
  dictationInserter?: TextInserter;
}

export interface TestHost {
  /** The page URL; a browser also needs `cookie` (Playwright: context.addCookies([host.cookie])). */
  url: string;
  /** The URL for a human: opening it once sets the token cookie (printed by `npm run host`). */
  authUrl: string;
  /** The per-run token cookie the bridge WebSocket requires, in Playwright's addCookies shape. */
  cookie: { name: string; value: string; url: string; httpOnly: true; sameSite: 'Strict' };
  token: string;
  port: number;
  controller: AppController;
  /** The history store in dataDir (undefined if it could not be opened). */
  history: ReturnType<typeof openHistory>['store'];
  /** The launcher window stand-in (shown/hidden) and what Copy put on the clipboard. */
  quickWindow: RecordingQuickWindow;
  quickCopied: string[];
  events: EventHub;
  keys: KeyStore;
  settings: SettingsStore;
  /** Stands in for main's native dialog for privileged changes: what it was asked, and scripted answers. */
  confirmer: ScriptedConfirmer;
  guard: SettingsGuard;
  /** What the built-in tools did (clipboard text, URLs and paths opened), when the default tools run. */
  toolEffects: RecordedToolPorts['recorded'] | undefined;
  dataDir: string;
  logFile: string;
  /** Hotkey dictation (start/stop/cancel as the hotkey would), its journal and the default recording inserter. */
  dictation: DictationController;
  dictationInserter: RecordingInserter | undefined;
  /** Number of pages currently connected to the bridge. */
  clientCount(): number;
  close(): Promise<void>;
}

const REPO = resolve(__dirname, '..', '..');
const QUICK_ASK_PREFIX = '/__quick/';
const OVERLAY_PREFIX = '/__overlay/';
const OVERLAY_DIR = join(REPO, 'resources', 'dictation-overlay');

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const rendererDir = resolve(options.rendererDir ?? join(REPO, 'out', 'renderer'));
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'inworld-desk-host-'));
  const logger = new FileLogger({ dir: join(dataDir, 'logs'), level: 'debug', echo: options.echoLogs ?? false });
  const env = options.env ?? {};

  const settings = new SettingsStore(confBackend(dataDir), logger);
  const safeStorage = fakeSafeStorage(options.secureStorage);
  const events = new EventHub({ validate: true, logger });
  const confirmer = new ScriptedConfirmer(options.confirm ?? true);
  const guard = new SettingsGuard({
    store: settings,
    gate: confirmer,
    seal: new SealedValue(safeStorage, fileSecretBlob(join(dataDir, 'settings-seal.bin')), logger),
    logger,
    notice: (level, message) => events.emit('notice', { level, message }),
    onPending: (pending) => events.emit('settings.pending', { pending }),
  });
  // The test's own initial settings are trusted like a confirmed change.
  if (options.settings) settings.update(options.settings);
  await guard.flush();
  await guard.start();
  const keys = new KeyStore({
    safeStorage,
    blobs: fileSecretBlob(join(dataDir, 'api-key.bin')),
    allowEnvKey: () => settings.get().allowEnvKey,
    env,
    logger,
    registerSecret: (v) => logger.redactor.addSecret(v),
  });
  const demo: DemoConfig = options.simulatorUrl
    ? { ...resolveDemoConfig({ INWORLD_REALTIME_URL: options.simulatorUrl, INWORLD_DEMO: '1' }), demoKey: options.simulatorKey ?? 'demo-key' }
    : { demo: false, demoKey: '' };
  if (demo.demoKey) logger.redactor.addSecret(demo.demoKey);

  let toolPorts: RecordedToolPorts | undefined;
  let toolSystem: ToolSystem | undefined;
  let tools: ToolRuntimePort | undefined = options.tools || undefined;
  if (options.tools === undefined) {
    toolPorts = nodeToolPorts(join(dataDir, 'tool-data'));
    toolSystem = createToolSystem(toolPorts, toolSettingsFromStore(settings), { runtime: { logger } });
    tools = toolSystem;
  }
  // The history lives in dataDir like the app's; pass the same dataDir to a second host to "restart".
  const history = openHistory(dataDir);
  const recordingInserter = options.dictationInserter ? undefined : new RecordingInserter();
  const journal = new DictationJournal(join(dataDir, JOURNAL_FILE));
  const dictation = new DictationController({
    settings, keys, demo, events, logger, journal,
    inserter: options.dictationInserter ?? (recordingInserter as RecordingInserter),
    pttActive: () => controller.pttActive,
  });
  const quickWindow = new RecordingQuickWindow();
  const quickPorts = testHostQuickPorts(quickWindow);
  const controller: AppController = new AppController({
    dictation,
    identity: { name: 'Inworld Desk', version: '0.0.0-test', platform: process.platform, host: 'test-host' },
    sessionFactory: options.sessionFactory ?? realtimeSessionFactory,
    settings,
    keys,
    demo,
    events,
    logger,
    guard,
    history,
    ...(tools ? { tools } : {}),
    quick: options.quick ?? quickPorts,
  });

  const bridgeJs = await bundleBridgeScript();
  const csp = contentSecurityPolicy();
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const headers: Record<string, string> = {
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, headers).end();
        return;
      }
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const given = new URLSearchParams(query).get(HOST_TOKEN_QUERY);
      if (given !== null) {
        // First visit with the token in the URL: keep it in an HttpOnly cookie and drop it from the URL.
        if (tokenMatches(given, token)) headers['Set-Cookie'] = `${HOST_TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
        res.writeHead(302, { ...headers, Location: path }).end();
        return;
      }
      if (path === '/favicon.ico') {
        res.writeHead(204, headers).end(); // Chromium asks for it; a 404 would be console noise in every spec
        return;
      }
      if (path === HOST_BRIDGE_PATH) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bridgeJs);
        return;
      }
      const extra = options.extraScripts?.[path];
      if (extra !== undefined) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(extra);
        return;
      }
      // The tray's Quick ask page, at the path the app:// protocol maps it to (src/main/index.ts).
      const quick = path.startsWith(QUICK_ASK_PREFIX);
      const overlay = path.startsWith(OVERLAY_PREFIX);
      const file = quick
        ? await resolveAsset(join(rendererDir, 'quick'), path.slice(QUICK_ASK_PREFIX.length - 1))
        : overlay
          ? await resolveAsset(OVERLAY_DIR, path.slice(OVERLAY_PREFIX.length - 1))
          : await resolveAsset(rendererDir, path);
      if (!file) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('.html')) body = injectIntoHtml(body.toString('utf8'), { csp, headScripts: [HOST_BRIDGE_PATH] });
      res.writeHead(200, { ...headers, 'Content-Type': mimeTypeOf(file) }).end(body);
    })().catch((err) => {
      logger.error('test host: request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  // The origin is only known after listen(); until then no sender is trusted.
  let policy = createSenderPolicy([]);
  const dispatch = createCallDispatcher(controller.handlers, {
    isAllowedSender: (s) => policy(s),
    validateOutput: true,
    logger,
  });
  const token = randomBytes(24).toString('hex');
  const bridge = attachWsBridge({ server, origin: () => origin, token, dispatch, events, controller, logger });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  policy = createSenderPolicy([origin]);
  logger.info('test host listening', { origin, rendererDir, demo: demo.demo });

  let closed = false;
  return {
    url: `${origin}/`,
    authUrl: `${origin}/?${HOST_TOKEN_QUERY}=${token}`,
    cookie: { name: HOST_TOKEN_COOKIE, value: token, url: `${origin}/`, httpOnly: true, sameSite: 'Strict' },
    token,
    port,
    controller,
    history: history.store,
    quickWindow,
    quickCopied: quickPorts.copied,
    events,
    keys,
    settings,
    confirmer,
    guard,
    toolEffects: toolPorts?.recorded,
    dataDir,
    logFile: logger.file,
    dictation,
    dictationInserter: recordingInserter,
    clientCount: () => bridge.clientCount(),
    async close() {
      if (closed) return;
      closed = true;
      bridge.dispose();
      await controller.dispose();
      await dictation.dispose();
      journal.close();
      await toolSystem?.shutdown();
      history.store?.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
