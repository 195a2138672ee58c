/**
 * A private X server for one test file (so files running in parallel never share a clipboard or a
 * focus), a real headed Chromium `--app` textarea as the target application, and xclip as an
 * independent clipboard reader. Without Xvfb / xclip / xdotool / Chromium the suite is skipped.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function skipReason(needChromium: boolean): string | undefined {
  if (process.platform !== 'linux') return 'X11 tests run on Linux only';
  for (const cmd of ['Xvfb', 'xclip', 'xdotool']) if (!has(cmd)) return `${cmd} is not installed`;
  if (needChromium && !existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  return undefined;
}

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

export interface Xvfb {
  readonly display: string;
  stop(): void;
}

/** Starts `Xvfb` on a free display number (it picks one and tells us through -displayfd). */
export function startXvfb(): Promise<Xvfb> {
  return new Promise((resolve, reject) => {
    const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 10_000);
    proc.stdio[3]?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve({ display: `:${out.trim()}`, stop: () => proc.kill('SIGTERM') });
    });
    proc.on('error', reject);
  });
}

export function xdotool(display: string, ...args: string[]): string {
  return execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display }, timeout: 10_000 }).toString().trim();
}

/**
 * CLIPBOARD target as xclip (another X client, INCR-capable) reads it; undefined if it fails.
 * Asynchronous on purpose: the owner being read may live in this very process.
 */
export function xclipRead(display: string, target: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const proc = spawn('xclip', ['-selection', 'clipboard', '-t', target, '-o'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.stdout.on('data', (d: Buffer) => chunks.push(d));
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(chunks) : undefined);
    });
  });
}

export interface ChromiumApp {
  readonly window: number;
  readonly page: Page;
  value(): Promise<string>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** A headed Chromium `--app` window holding one textarea, driven over CDP only to read its value. */
export async function launchChromiumTextarea(display: string): Promise<ChromiumApp> {
  const profile = mkdtempSync(join(tmpdir(), 'x11-inserter-chromium-'));
  const html = '<title>target</title><textarea id="t" autofocus style="width:90vw;height:80vh"></textarea>';
  const proc: ChildProcess = spawn(
    CHROMIUM,
    [
      `--app=data:text/html,${encodeURIComponent(html)}`,
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      '--no-first-run',
      '--no-default-browser-check',
      '--password-store=basic',
      '--disable-gpu',
      '--ozone-platform=x11',
      '--window-position=0,0',
      '--window-size=800,600',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  await until(() => existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n'), 20_000, 'Chromium DevTools port');
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const browser: Browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  let page: Page | undefined;
  await until(() => {
    page = browser.contexts().flatMap((c) => c.pages())[0];
    return page !== undefined;
  }, 10_000, 'the app page');
  const p = page as Page;
  await p.waitForSelector('#t');
  const window = Number(xdotool(display, 'search', '--sync', '--onlyvisible', '--class', 'chromium').split('\n').pop());
  return {
    window,
    page: p,
    value: () => p.$eval('#t', (el) => (el as HTMLTextAreaElement).value),
    clear: () => p.$eval('#t', (el) => void ((el as HTMLTextAreaElement).value = '')),
    close: async () => {
      await browser.close().catch(() => undefined);
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, wait(3000)]);
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
