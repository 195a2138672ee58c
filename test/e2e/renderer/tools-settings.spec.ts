/**
 * Tools and MCP servers on the settings screen, through the test host's REAL tool system (built-ins
 * plus MCP servers started from settings) and its real SettingsStore: tool policies, the run-command
 * switch, allowed folders, adding/removing a real stdio MCP server, and main opening the settings
 * screen (the tray's "Settings" item).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { CallSender } from '../../../src/shared/ipc/contract';
import type { TestHost } from '../../host/index';
import { test, expect } from './support/fixture';
import { openApp } from './support/page-helpers';

const MCP_FIXTURE = resolve(__dirname, '..', '..', 'main', 'tools', 'mcp', 'fixtures', 'stdio-server.mjs');
const SENDER: CallSender = { frameUrl: undefined, isMainFrame: true, senderId: 0 };

/** What main itself reports, not what the page shows. */
const mainTools = async (host: TestHost) => host.controller.handlers['tools.list'](undefined as never, SENDER);
const mainMcp = async (host: TestHost) => host.controller.handlers['mcp.list'](undefined as never, SENDER);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function openSettings(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('tools-section')).toBeVisible();
}

const row = (page: Page, tool: string) => page.locator(`[data-testid="tool-row"][data-tool="${tool}"]`);

test('a tool policy chosen in the list is stored and used by the tool system', async ({ page, host, pageErrors }) => {
  await openSettings(page, host.url);
  const datetime = row(page, 'get_datetime');
  await expect(datetime).toHaveAttribute('data-policy', 'allow');
  await expect(datetime.getByTestId('tool-risk')).toHaveText('Reads');
  await expect(datetime.getByTestId('tool-source')).toHaveText('Built in');

  await datetime.getByLabel('Policy for get_datetime').selectOption('never');
  await expect.poll(() => host.settings.get().tools.policies.get_datetime).toBe('never');
  expect((await mainTools(host)).find((t) => t.name === 'get_datetime')?.policy).toBe('never');
  await expect(datetime).toHaveAttribute('data-policy', 'never');

  // Keyboard only: tab to the select of another tool and change it with the arrow keys.
  const clip = row(page, 'clipboard_write').getByTestId('tool-policy');
  await expect(clip).toHaveValue('ask');
  await row(page, 'clipboard_read').getByTestId('tool-policy').focus();
  await page.keyboard.press('Tab');
  await expect(clip).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => host.settings.get().tools.policies.clipboard_write).toBe('allow');

  // The policy survives a reload (it lives in main, not in the page).
  await page.reload();
  await page.getByTestId('open-settings').click();
  await expect(row(page, 'get_datetime').getByTestId('tool-policy')).toHaveValue('never');
  expect(pageErrors).toEqual([]);
});

test('allowing a folder offers the file tools; the run-command switch offers run_command', async ({ page, host, pageErrors }) => {
  const folder = mkdtempSync(join(tmpdir(), 'tools-settings-folder-'));
  try {
    await openSettings(page, host.url);
    const available = page.getByTestId('tools-available');
    await expect(available.locator('[data-tool="get_datetime"]')).toBeVisible();
    await expect(available.locator('[data-tool="read_text_file"]')).toHaveCount(0);
    await expect(row(page, 'read_text_file')).toHaveAttribute('data-enabled', 'false');

    // A relative path is refused with a reason, and nothing is stored.
    await page.getByTestId('folder-input').fill('Documents');
    await page.getByTestId('folder-input').press('Enter');
    await expect(page.getByTestId('folder-error')).toContainText('absolute path');
    expect(host.settings.get().tools.allowedFolders).toEqual([]);

    await page.getByTestId('folder-input').fill(folder);
    await page.getByTestId('folder-input').press('Enter');
    await expect(page.getByTestId('allowed-folder')).toHaveAttribute('data-path', folder);
    await expect(page.getByTestId('folder-input')).toHaveValue('');
    expect(host.settings.get().tools.allowedFolders).toEqual([folder]);
    await expect(available.locator('[data-tool="read_text_file"]')).toBeVisible();
    await expect(available.locator('[data-tool="open_path"]')).toBeVisible();
    expect((await mainTools(host)).find((t) => t.name === 'read_text_file')?.enabled).toBe(true);

    // run_command: off by default, offered once switched on, and it can never be set to run freely.
    await expect(page.getByTestId('run-command-warning')).toContainText('always asks');
    await expect(available.locator('[data-tool="run_command"]')).toHaveCount(0);
    await page.getByTestId('run-command-toggle').check();
    await expect.poll(() => host.settings.get().tools.runCommandEnabled).toBe(true);
    const run = available.locator('[data-tool="run_command"]');
    await expect(run).toBeVisible();
    await expect(run.getByTestId('tool-risk')).toHaveText('Dangerous');
    await expect(run.locator('option[value="allow"]')).toHaveCount(0);

    // Removing the folder takes the file tools away again.
    await page.getByRole('button', { name: `Remove folder ${folder}` }).click();
    await expect(page.getByTestId('no-folders')).toBeVisible();
    expect(host.settings.get().tools.allowedFolders).toEqual([]);
    await expect(available.locator('[data-tool="read_text_file"]')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an MCP server added in the form starts, offers its tools, and stops when removed', async ({ page, host, pageErrors }) => {
  await openSettings(page, host.url);
  await expect(page.getByTestId('mcp-empty')).toBeVisible();

  // Validation first: nothing is stored while the form is incomplete.
  await page.getByTestId('mcp-add').click();
  await expect(page.getByTestId('mcp-error-name')).toHaveText('Give the server a name.');
  await expect(page.getByTestId('mcp-error-command')).toBeVisible();
  await expect(page.getByTestId('mcp-name')).toBeFocused();
  await page.getByTestId('mcp-env').fill('not-a-pair');
  await page.getByTestId('mcp-name').fill('Test Server');
  await page.getByTestId('mcp-command').fill(process.execPath);
  await page.getByTestId('mcp-args').fill(MCP_FIXTURE);
  await page.getByTestId('mcp-add').click();
  await expect(page.getByTestId('mcp-error-env')).toHaveText('Line 1: write KEY=VALUE.');
  expect(host.settings.get().mcpServers).toEqual([]);

  await page.getByTestId('mcp-env').fill('MARKER=from-the-ui');
  await page.getByTestId('mcp-add').click();
  await expect(page.getByTestId('mcp-added')).toContainText('Added Test Server');
  expect(host.settings.get().mcpServers).toEqual([
    { id: 'test-server', name: 'Test Server', enabled: true, transport: 'stdio', command: process.execPath, args: [MCP_FIXTURE], env: { MARKER: 'from-the-ui' } },
  ]);

  const card = page.locator('[data-testid="mcp-server"][data-server-id="test-server"]');
  await expect(card).toHaveAttribute('data-state', 'running', { timeout: 20_000 });
  await expect(card.getByTestId('mcp-state')).toHaveText('Running');
  await expect(card.getByTestId('mcp-tool-count')).toHaveText('10');
  await expect(card.getByTestId('mcp-tools')).toContainText('mcp__test-server__echo');
  await expect(card.getByTestId('mcp-launch')).toContainText('env: MARKER');
  await expect(card.getByTestId('mcp-launch')).not.toContainText('from-the-ui');
  // The stderr tail is folded away until asked for.
  const stderr = card.getByTestId('mcp-stderr');
  await expect(stderr.locator('pre')).toBeHidden();
  await stderr.locator('summary').click();
  await expect(stderr.locator('pre')).toContainText('test-server started pid=');

  // Its tools join the tool list under mcp__ names, with the server's risk hints; they all ask until
  // the user allows one (a server's readOnlyHint is its own claim).
  const echo = row(page, 'mcp__test-server__echo');
  await expect(echo).toHaveAttribute('data-enabled', 'true');
  await expect(echo.getByTestId('tool-source')).toHaveText('MCP: test-server');
  await expect(echo).toHaveAttribute('data-policy', 'ask');
  await expect(row(page, 'mcp__test-server__add')).toHaveAttribute('data-policy', 'ask');
  expect((await mainTools(host)).map((t) => t.name)).toContain('mcp__test-server__echo');

  await page.setViewportSize({ width: 960, height: 2600 });
  await page.getByTestId('tools-section').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test/artifacts/screenshots/tools-settings.png' });

  // 200 % zoom (a 640 px CSS viewport): long tool names wrap instead of scrolling sideways, and
  // every control of the new sections has an accessible name.
  await page.setViewportSize({ width: 640, height: 900 });
  const overflow = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="settings-screen"]')!;
    return Math.max(el.scrollWidth - el.clientWidth, document.documentElement.scrollWidth - document.documentElement.clientWidth);
  });
  expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="tools-section"], [data-testid="mcp-section"]')]
      .flatMap((s) => [...s.querySelectorAll('button, input, select, textarea')])
      .filter((el) => {
        const e = el as HTMLInputElement;
        return !(e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent)?.trim();
      })
      .map((e) => e.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);

  const status = (await mainMcp(host)).find((s) => s.id === 'test-server');
  const pid = Number(/pid=(\d+)/.exec(status?.stderrTail ?? '')?.[1]);
  expect(pid).toBeGreaterThan(0);
  expect(alive(pid)).toBe(true);

  // Turning it off stops it; on starts it again.
  await card.getByLabel('Use Test Server').uncheck();
  await expect(card).toHaveAttribute('data-state', 'disabled');
  await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
  await expect(row(page, 'mcp__test-server__echo')).toHaveCount(0);
  await card.getByLabel('Use Test Server').check();
  await expect(card).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  // Remove asks once more, then the process goes away and so do its tools.
  const pid2 = Number(/pid=(\d+)/.exec((await mainMcp(host)).find((s) => s.id === 'test-server')?.stderrTail ?? '')?.[1]);
  await card.getByRole('button', { name: 'Remove Test Server' }).click();
  await page.getByTestId('mcp-remove-confirm').click();
  await expect(page.getByTestId('mcp-empty')).toBeVisible();
  expect(host.settings.get().mcpServers).toEqual([]);
  await expect.poll(async () => (await mainMcp(host)).length).toBe(0);
  await expect.poll(() => alive(pid2), { timeout: 10_000 }).toBe(false);
  await expect(row(page, 'mcp__test-server__echo')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('main can open the settings screen (the tray "Settings" item)', async ({ page, host }) => {
  await openApp(page, host.url);
  await expect(page.getByTestId('settings-screen')).toHaveCount(0);
  host.controller.showScreen('settings');
  await expect(page.getByTestId('settings-screen')).toBeVisible();
  await expect(page.getByTestId('main-screen')).toHaveCount(0);
  host.controller.showScreen('conversation');
  await expect(page.getByTestId('main-screen')).toBeVisible();
});
