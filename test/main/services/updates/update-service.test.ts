/**
 * Auto-update against a real local HTTP feed with electron-updater's generic provider. The updater
 * is electron-updater's own AppImageUpdater, run in Node: its AppAdapter is a plain object (paths in
 * a temp dir, "packaged" version 0.1.0) and its HTTP executor its own ElectronHttpExecutor with
 * Node's http.request in place of Electron's net.request. Everything else — app-update.yml, latest-linux.yml, the version compare,
 * the download into its cache and the sha512 check — is the library's, through our UpdaterPort
 * (appUpdaterPort) and UpdateService.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appUpdaterPort } from '../../../../src/main/services/updates/updater-port';
import { UpdateService } from '../../../../src/main/services/updates/update-service';
import { updateEligibility } from '../../../../src/main/services/updates/update-policy';

// electron-updater's own executor (download, redirects, the sha512 DigestTransform) with only its
// transport swapped: Node's http.request where Electron's net.request would be.
const { ElectronHttpExecutor } = createRequire(import.meta.url)('electron-updater/out/electronHttpExecutor') as {
  ElectronHttpExecutor: new () => { createRequest(o: RequestOptions, cb: (r: IncomingMessage) => void): unknown };
};
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (r: IncomingMessage) => void) {
    return request(options, callback);
  }
}

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const dir = mkdtempSync(join(tmpdir(), 'update-feed-'));
const newBuild = randomBytes(256 * 1024); // the "0.2.0 AppImage"
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

/** What the feed serves, per test: the version in latest-linux.yml and the checksum it claims. */
const feed = { version: '0.2.0', sha512: sha512(newBuild), requests: [] as string[] };
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    feed.requests.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0];
    if (path === '/latest-linux.yml' || path === '/latest-linux-arm64.yml') {
      res.setHeader('content-type', 'text/yaml');
      res.end(
        `version: ${feed.version}\nfiles:\n  - url: Inworld-Desk-${feed.version}.AppImage\n    sha512: ${feed.sha512}\n    size: ${newBuild.length}\n` +
          `path: Inworld-Desk-${feed.version}.AppImage\nsha512: ${feed.sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`,
      );
    } else if (path === `/Inworld-Desk-${feed.version}.AppImage`) {
      res.setHeader('content-length', String(newBuild.length));
      res.end(newBuild);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const savedAppImage = process.env.APPIMAGE;
afterEach(() => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
});

let run = 0;
/** A fresh "installed 0.1.0 AppImage": its app-update.yml points at the local feed (generic provider). */
function installedApp() {
  const base = join(dir, `install-${run++}`);
  mkdirSync(join(base, 'resources'), { recursive: true });
  const appImage = join(base, 'Inworld-Desk-0.1.0.AppImage');
  writeFileSync(appImage, randomBytes(1024));
  process.env.APPIMAGE = appImage;
  const configPath = join(base, 'resources', 'app-update.yml');
  writeFileSync(configPath, `provider: generic\nurl: ${url}\nupdaterCacheDirName: inworld-desk-updater\n`);
  const adapter = {
    version: '0.1.0',
    name: 'Inworld Desk',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: join(base, 'userData'),
    baseCachePath: join(base, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: vi.fn(),
    quit: vi.fn(),
    onQuit: vi.fn(),
  };
  const updater = new AppImageUpdater(undefined, adapter);
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
  const notes: string[] = [];
  const service = new UpdateService({
    eligibility: updateEligibility({ isPackaged: true, platform: 'linux', env: process.env }),
    autoUpdate: () => true,
    updater: () => appUpdaterPort(updater, logger),
    logger,
    notify: (_level, m) => notes.push(m),
  });
  const cacheDir = join(base, 'cache', 'inworld-desk-updater', 'pending');
  const downloaded = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.AppImage')) : []);
  return { service, notes, downloaded, cacheDir, updater };
}

describe('UpdateService with electron-updater against a local generic feed', () => {
  it('finds a newer version, downloads it and verifies its sha512', async () => {
    feed.version = '0.2.0';
    feed.sha512 = sha512(newBuild);
    const app = installedApp();
    const state = await app.service.check('manual');
    expect(state).toEqual({ status: 'ready', version: '0.2.0' });
    expect(app.downloaded()).toEqual(['Inworld-Desk-0.2.0.AppImage']);
    expect(readFileSync(join(app.cacheDir, 'Inworld-Desk-0.2.0.AppImage')).equals(newBuild)).toBe(true);
    expect(app.notes).toEqual(['Version 0.2.0 is downloaded and verified: it installs when you quit.']);
    expect(feed.requests.some((r) => r.startsWith('/latest-linux'))).toBe(true);
  });

  it('refuses a download whose sha512 does not match the feed, and keeps nothing', async () => {
    feed.version = '0.2.1';
    feed.sha512 = sha512(Buffer.from('a different build'));
    const app = installedApp();
    const state = await app.service.check('manual');
    expect(state.status).toBe('error');
    expect((state as { message: string }).message).toMatch(/sha512 checksum mismatch/);
    expect(app.downloaded()).toEqual([]);
    expect(app.notes.at(-1)).toMatch(/^Update check failed: sha512 checksum mismatch/);
    expect(app.service.installNow()).toBe(false);
  });

  it('reports "up to date" when the feed has this version', async () => {
    feed.version = '0.1.0';
    feed.sha512 = sha512(newBuild);
    const app = installedApp();
    await expect(app.service.check('manual')).resolves.toMatchObject({ status: 'up-to-date' });
    expect(app.notes).toEqual(['Inworld Desk is up to date.']);
    expect(app.downloaded()).toEqual([]);
  });
});

describe('when updates run', () => {
  it('off in development and for Linux packages other than the AppImage; on for AppImage, dmg and nsis installs', () => {
    expect(updateEligibility({ isPackaged: false, platform: 'linux', env: { APPIMAGE: '/x.AppImage' } })).toEqual({ enabled: false, reason: 'updates are off in development' });
    expect(updateEligibility({ isPackaged: true, platform: 'linux', env: {} })).toMatchObject({ enabled: false, reason: expect.stringMatching(/package manager/) });
    expect(updateEligibility({ isPackaged: true, platform: 'linux', env: { APPIMAGE: '/x.AppImage' } })).toEqual({ enabled: true });
    expect(updateEligibility({ isPackaged: true, platform: 'darwin', env: {} })).toEqual({ enabled: true });
    expect(updateEligibility({ isPackaged: true, platform: 'win32', env: {} })).toEqual({ enabled: true });
  });

  it('a disabled service never loads the updater; a manual check says why', async () => {
    const updater = vi.fn();
    const notes: string[] = [];
    const s = new UpdateService({ eligibility: { enabled: false, reason: 'updates are off in development' }, autoUpdate: () => true, updater, logger, notify: (_l, m) => notes.push(m) });
    s.start();
    await expect(s.check('manual')).resolves.toEqual({ status: 'disabled', reason: 'updates are off in development' });
    expect(updater).not.toHaveBeenCalled();
    expect(notes).toEqual(['Updates: updates are off in development.']);
  });

  it('automatic checks follow the Settings switch; manual ones run regardless; concurrent checks share one run', async () => {
    let auto = false;
    const port = { check: vi.fn(async () => null), download: vi.fn(), quitAndInstall: vi.fn() };
    const s = new UpdateService({ eligibility: { enabled: true }, autoUpdate: () => auto, updater: () => port, logger, intervalMs: 10 });
    s.start();
    await new Promise((r) => setTimeout(r, 40));
    expect(port.check).not.toHaveBeenCalled();
    await Promise.all([s.check('manual'), s.check('manual')]);
    expect(port.check).toHaveBeenCalledTimes(1);
    auto = true;
    await vi.waitFor(() => expect(port.check.mock.calls.length).toBeGreaterThan(1));
    s.dispose();
  });
});
