/**
 * Runs the real composition root (src/main/index.ts) against an in-memory stand-in of the
 * `electron` module — the real one cannot run here, and requiring it would try to download a
 * binary. This checks the wiring Electron-free tests cannot see: the window's security settings,
 * every contract channel registered behind the sender check, the app:// handler with its CSP and
 * traversal refusal, the permission policy installed on the session, and the tray.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, IPC_CALL_PREFIX } from '../../../src/shared/ipc/contract';
import { startSimulator, type Simulator } from '../../sim/index';

const userData = mkdtempSync(join(tmpdir(), 'composition-'));

const h = vi.hoisted(() => {
  const state = {
    ipcHandlers: new Map<string, (e: unknown, p: unknown) => Promise<unknown>>(),
    windows: [] as Array<{
      options: Record<string, unknown>;
      webContents: { url: string; handlers: Map<string, unknown[]>; openHandler?: (d: { url: string }) => unknown };
    }>,
    protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
    schemes: [] as unknown[],
    permissionRequest: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: unknown) => void),
    permissionCheck: undefined as undefined | ((wc: unknown, p: string, o: string, d: unknown) => boolean),
    trayMenus: [] as unknown[],
    shortcuts: [] as string[],
    /** Accelerators "another app" owns: register() answers false, as Electron does. */
    takenShortcuts: new Set<string>(),
    shortcutCallbacks: new Map<string, () => void>(),
    ready: undefined as undefined | (() => void),
    notifications: [] as Array<{ title: string; body: string }>,
    clipboardText: '',
    shows: 0,
    app: undefined as undefined | { handlers: Map<string, Array<(...a: unknown[]) => void>> },
  };
  return state;
});

vi.mock('electron', () => {
  class Emitter {
    handlers = new Map<string, Array<(...a: unknown[]) => void>>();
    on(e: string, l: (...a: unknown[]) => void) {
      const list = this.handlers.get(e) ?? [];
      list.push(l);
      this.handlers.set(e, list);
      return this;
    }
    once(e: string, l: (...a: unknown[]) => void) {
      return this.on(e, l);
    }
    off() {
      return this;
    }
  }
  class WebContents extends Emitter {
    id = 7;
    url = '';
    openHandler?: (d: { url: string }) => unknown;
    setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
      this.openHandler = fn;
    }
    getURL() {
      return this.url;
    }
    isDestroyed() {
      return false;
    }
    postMessage() {}
    send() {}
    focus() {}
  }
  class BrowserWindow extends Emitter {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    webContents = new WebContents();
    constructor(public options: Record<string, unknown>) {
      super();
      BrowserWindow.all.push(this);
      h.windows.push(this as never);
    }
    async loadURL(url: string) {
      this.webContents.url = url;
    }
    isDestroyed() {
      return false;
    }
    isVisible() {
      return true;
    }
    isMinimized() {
      return false;
    }
    shown = 0;
    show() {
      h.shows++;
      this.shown++;
    }
    focus() {}
    hide() {}
    restore() {}
    setAlwaysOnTop() {}
    getNativeWindowHandle() {
      return Buffer.alloc(8);
    }
    getSize() {
      return [400, 200];
    }
    setPosition() {}
    setIgnoreMouseEvents() {}
    showInactive() {
      h.shows++;
    }
    setVisibleOnAllWorkspaces() {}
    destroy() {}
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise<void>((r) => (h.ready = r)),
    getPath: (n: string) => `${userData}/${n}`,
    getName: () => 'Inworld Desk',
    getVersion: () => '0.1.0',
    quit: vi.fn(),
    exit: vi.fn(),
    setLoginItemSettings: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
  });
  h.app = app;
  const session = {
    defaultSession: {
      protocol: { handle: (_s: string, fn: (req: Request) => Promise<Response>) => (h.protocolHandler = fn) },
      setPermissionRequestHandler: (fn: never) => (h.permissionRequest = fn),
      setPermissionCheckHandler: (fn: never) => (h.permissionCheck = fn),
      setDevicePermissionHandler: () => {},
    },
  };
  class Tray extends Emitter {
    setImage() {}
    setToolTip() {}
    setContextMenu(m: unknown) {
      h.trayMenus.push(m);
    }
    destroy() {}
  }
  return {
    app,
    BrowserWindow,
    session,
    Tray,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromPath: (p: string) => ({ p }) },
    Notification: Object.assign(
      class extends Emitter {
        constructor(o: { title: string; body: string }) {
          super();
          h.notifications.push(o);
        }
        show() {}
      },
      { isSupported: () => true },
    ),
    ipcMain: {
      handle: (c: string, fn: never) => h.ipcHandlers.set(c, fn),
      removeHandler: (c: string) => h.ipcHandlers.delete(c),
    },
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s) },
    globalShortcut: {
      isRegistered: () => false,
      register: (a: string, cb: () => void) => {
        h.shortcuts.push(a);
        if (h.takenShortcuts.has(a)) return false;
        h.shortcutCallbacks.set(a, cb);
        return true;
      },
      unregister: (a: string) => void h.shortcutCallbacks.delete(a),
    },
    powerMonitor: Object.assign(new Emitter(), { isOnBatteryPower: () => false }),
    systemPreferences: { isTrustedAccessibilityClient: () => true, askForMediaAccess: async () => true },
    safeStorage: {
      isEncryptionAvailable: () => false,
      isAsyncEncryptionAvailable: async () => false,
      getSelectedStorageBackend: () => 'basic_text',
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn(async () => '') },
    clipboard: { readText: () => h.clipboardText, writeText: () => {} },
    screen: {
      getCursorScreenPoint: () => ({ x: 0, y: 0 }),
      getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 800, height: 600 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 800, height: 600 } }],
    },
    net: { isOnline: () => true, fetch: async () => new Response('asset body') },
    MessageChannelMain: class {
      port1 = { on() {}, start() {}, close() {}, postMessage() {} };
      port2 = {};
    },
  };
});

vi.mock('electron-store', () => import('../support/memory-electron-store'));

const appSender = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: { id: 7 } });

const savedDisplay = process.env.DISPLAY;
let sim: Simulator;
beforeAll(async () => {
  // Demo mode against the strict simulator: a forwarded --ask gets a real answer.
  sim = await startSimulator();
  process.env.INWORLD_REALTIME_URL = `${sim.url}?sim_scenario=echo`;
  process.env.INWORLD_DEMO_KEY = sim.key;
  process.env.XDG_CONFIG_HOME = userData; // the start-up launch-at-login check must not touch ~/.config
  delete process.env.DISPLAY; // keep the native hook out of this test (restored after)
  await import('../../../src/main/index');
  h.ready!();
  // start() awaits a dynamic import of electron-store; wait until the window exists.
  for (let i = 0; i < 100 && h.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  delete process.env.INWORLD_REALTIME_URL;
  delete process.env.INWORLD_DEMO_KEY;
  delete process.env.XDG_CONFIG_HOME;
  await sim.close();
  if (savedDisplay !== undefined) process.env.DISPLAY = savedDisplay;
  rmSync(userData, { recursive: true, force: true });
});

describe('composition root (src/main/index.ts)', () => {
  it('registers the app:// scheme as standard and secure before ready', () => {
    expect(h.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('opens the main window from app:// with every security preference set', () => {
    const win = h.windows[0]!;
    expect(win.webContents.url).toBe('app://app/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      backgroundThrottling: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.webContents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(win.webContents.handlers.has('will-navigate')).toBe(true);
  });

  it('registers every contract call behind the sender check', async () => {
    for (const n of CALL_NAMES) expect(h.ipcHandlers.has(`${IPC_CALL_PREFIX}${n}`), n).toBe(true);
    const info = h.ipcHandlers.get(`${IPC_CALL_PREFIX}app.info`)!;
    await expect(info(appSender('app://app/index.html'), undefined)).resolves.toMatchObject({ ok: true, value: { host: 'electron', demo: true } });
    await expect(info(appSender('https://evil.example/'), undefined)).resolves.toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    await expect(info(appSender('app://app/index.html', {}), undefined)).resolves.toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    await expect(info({ senderFrame: null, sender: { id: 1 } }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'bad_sender' } });
  });

  it('refuses to store a key on basic_text through the real handler chain', async () => {
    const set = h.ipcHandlers.get(`${IPC_CALL_PREFIX}apiKey.set`)!;
    await expect(set(appSender('app://app/'), { key: 'c2VjcmV0LWtleQ==' })).resolves.toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringMatching(/keychain/) } });
  });

  it('serves app:// with the CSP and refuses traversal and other hosts', async () => {
    const handle = h.protocolHandler!;
    const page = await handle(new Request('app://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('http-equiv="Content-Security-Policy"');
    expect((await handle(new Request('app://app/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(403);
    expect((await handle(new Request('app://app/__quick/index.html'))).status).toBe(200);
    expect((await handle(new Request('app://app/__quick/..%2f..%2fpackage.json'))).status).toBe(404);
  });

  it('installs the microphone-only permission policy on the session', () => {
    const decide = (permission: string, details: object) =>
      new Promise<boolean>((resolve) => h.permissionRequest!({}, permission, resolve, details));
    return Promise.all([
      expect(decide('media', { requestingUrl: 'app://app/index.html', isMainFrame: true, mediaTypes: ['audio'] })).resolves.toBe(true),
      expect(decide('media', { requestingUrl: 'app://app/index.html', isMainFrame: true, mediaTypes: ['video'] })).resolves.toBe(false),
      expect(decide('geolocation', { requestingUrl: 'app://app/index.html', isMainFrame: true })).resolves.toBe(false),
    ]).then(() => {
      expect(h.permissionCheck!({}, 'media', 'app://app', { requestingUrl: 'app://app/', isMainFrame: true, mediaType: 'audio' })).toBe(true);
    });
  });

  it('builds the tray menu and registers the quick-ask hotkey and the dictation keys', () => {
    const menu = h.trayMenus.at(-1) as Array<{ label?: string; enabled?: boolean }>;
    expect(menu.map((i) => i.label ?? '—')).toContain('Ask…');
    expect(menu.find((i) => i.label === 'Dictate')?.enabled).toBe(true);
    expect(menu.find((i) => i.label === 'Paste last dictation')?.enabled).toBe(true);
    expect(h.shortcuts).toContain('Alt+Shift+Space');
    expect(h.shortcuts).toContain('CommandOrControl+Alt+Shift+L');
  });

  it('reports a quick-ask hotkey that cannot be registered to the window, like a failed talk key', async () => {
    const update = h.ipcHandlers.get(`${IPC_CALL_PREFIX}settings.update`)!;
    const pttState = h.ipcHandlers.get(`${IPC_CALL_PREFIX}ptt.state`)!;
    const problem = async () => ((await pttState(appSender('app://app/'), undefined)) as { value: { hotkey: { problem?: string } } }).value.hotkey.problem ?? '';
    h.takenShortcuts.add('Ctrl+Alt+J');
    await expect(update(appSender('app://app/'), { hotkeys: { quickAsk: 'Ctrl+Alt+J' } })).resolves.toMatchObject({ ok: true });
    expect(await problem()).toMatch(/quick ask hotkey Ctrl\+Alt\+J could not be registered/);
    await update(appSender('app://app/'), { hotkeys: { quickAsk: 'Ctrl+Alt+L' } });
    expect(await problem()).not.toMatch(/quick ask/);
    expect(h.shortcutCallbacks.has('Alt+Shift+Space')).toBe(false); // the old key was let go
  });

  it('opens the quick-ask window from its hotkey with the main window\'s hardening', async () => {
    // Created hidden at start-up (so the first open is instant), shown by the hotkey.
    const quick = h.windows.find((w) => w.webContents.url.includes('/__quick/'))!;
    expect(quick).toBeDefined();
    const before = h.windows.length;
    const shown = (quick as unknown as { shown: number }).shown;
    h.shortcutCallbacks.get('Ctrl+Alt+L')!();
    await vi.waitFor(() => expect((quick as unknown as { shown: number }).shown).toBe(shown + 1));
    expect(h.windows.length).toBe(before);
    const { backgroundThrottling: _bt, devTools: _dt, preload: _p, ...hardening } = h.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(hardening).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, experimentalFeatures: false, navigateOnDragDrop: false });
    expect(quick.options.webPreferences).toMatchObject({ ...hardening, devTools: false });
    expect(quick.webContents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('command line forwarded by a second launch (second-instance argv)', () => {
  const secondLaunch = (...args: string[]) => {
    for (const l of h.app!.handlers.get('second-instance') ?? []) l({}, ['/opt/Inworld Desk/inworld-desk', ...args], '/home/user');
  };
  const notified = async (match: RegExp) => {
    for (let i = 0; i < 250 && !h.notifications.some((n) => match.test(n.body)); i++) await new Promise((r) => setTimeout(r, 20));
    return h.notifications.find((n) => match.test(n.body));
  };

  it('a plain second launch shows the window; --hidden alone does not', () => {
    const before = h.shows;
    secondLaunch('--hidden');
    expect(h.shows).toBe(before);
    secondLaunch();
    expect(h.shows).toBeGreaterThan(before);
  });

  it('--ask "…" is answered by the running instance (through the simulator) as a notification', async () => {
    secondLaunch('--ask', 'hello from a shortcut');
    expect(await notified(/hello from a shortcut/)).toMatchObject({ body: 'You said: "hello from a shortcut".' });
  });

  it('--ask with --context clipboard asks about the clipboard; an empty one is explained', async () => {
    h.clipboardText = '';
    secondLaunch('--ask', 'explain this', '--context', 'clipboard');
    expect(await notified(/clipboard is empty/)).toBeDefined();
    h.clipboardText = 'the forty-two lines';
    secondLaunch('--ask', 'explain this', '--context', 'clipboard');
    expect((await notified(/the forty-two lines/))?.body).toMatch(/^You said: "explain this/);
  });

  it('--dictate reaches dictation through the controller\'s hook: its overlay opens', async () => {
    const overlayOpen = () => h.windows.some((w) => w.webContents.url === 'app://app/__overlay/index.html');
    expect(overlayOpen()).toBe(false);
    secondLaunch('--dictate', 'toggle');
    for (let i = 0; i < 100 && !h.windows.some((w) => w.webContents.url.includes('__overlay')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.windows.some((w) => w.webContents.url === 'app://app/__overlay/index.html')).toBe(true);
    secondLaunch('--dictate', 'cancel');
  });

  it('--quick-ask opens the quick-ask window; a bad command line is reported, not run', async () => {
    const before = h.shows;
    secondLaunch('--quick-ask');
    expect(h.shows).toBeGreaterThan(before);
    expect(h.windows.map((w) => w.webContents.url)).toContain('app://app/__quick/index.html');
    secondLaunch('--dictate', 'louder');
    expect(await notified(/--dictate must be one of/)).toBeDefined();
  });
});

describe('updates in the tray', () => {
  it('"Check for updates" is in the tray; in development it says updates are off', async () => {
    const menu = h.trayMenus.at(-1) as Array<{ label?: string; click?: () => void }>;
    const item = menu.find((i) => i.label === 'Check for updates');
    expect(item).toBeDefined();
    item!.click!();
    for (let i = 0; i < 50 && !h.notifications.some((n) => /Updates: updates are off in development/.test(n.body)); i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.notifications.map((n) => n.body)).toContain('Updates: updates are off in development.');
  });
});
