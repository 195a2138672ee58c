/**
 * Conversation history through the real renderer, test host, realtime core and simulator: turns are
 * stored as they complete and survive a restart of the host; search finds them with highlights;
 * Continue opens a new session seeded with the old text; New conversation opens a session whose
 * server-side conversation holds none of the old items.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startTestHost } from '../../host/index';
import { openHostPage } from '../fixtures/host-fixture';
import type { SessionRecord } from '../../sim/record';
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { clientEvents, holdTalk, liveSession, openApp, screenshotScreen, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Where is the lighthouse?', { leadMs: 300, trailMs: 300 });
const dataDir = mkdtempSync(join(tmpdir(), 'history-spec-'));
test.use({
  micWav: speech.path,
  simQuery: 'sim_transcript=Where is the Zanzibar lighthouse',
  hostOptions: { settings: { onboardingDone: true }, dataDir },
});
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
// The tests share the data folder, in order, like one user's app over time.
test.describe.configure({ mode: 'serial' });

/** Every text the client created as a conversation item on this socket. */
function createdTexts(s: SessionRecord): string[] {
  return clientEvents(s, 'conversation.item.create').map((e) => {
    const item = e.event.item as { content?: Array<{ text?: string }> };
    return (item.content ?? []).map((c) => c.text ?? '').join('');
  });
}

/** Every text item the simulator's conversation holds for this socket (its item.added/done events). */
function serverItemTexts(s: SessionRecord): string[] {
  return s.serverEvents
    .map((r) => r.event as { type?: string; item?: { content?: Array<{ text?: string; transcript?: string }> } })
    .filter((e) => e.type === 'conversation.item.added' || e.type === 'conversation.item.done')
    .map((e) => (e.item?.content ?? []).map((c) => c.text ?? c.transcript ?? '').join(''));
}

async function openHistory(page: Page): Promise<void> {
  await page.getByTestId('open-history').click();
  await expect(page.getByTestId('history-screen')).toBeVisible();
}

test('a voice turn and a text turn survive a restart, are found by search, and Continue seeds a new session', async ({ page, host, sim, chrome, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await holdTalk(page, speech.durationMs);
  await expect(page.getByTestId('msg-user').first()).toContainText('Zanzibar lighthouse');
  await expect(page.getByTestId('msg-assistant').first()).toHaveAttribute('data-final', 'true');
  await page.getByTestId('text-input').fill('Remind me about quokkas');
  await page.getByTestId('text-input').press('Enter');
  await expect(page.getByTestId('msg-assistant')).toHaveCount(2);
  await expect(page.getByTestId('msg-assistant').nth(1)).toHaveAttribute('data-final', 'true');
  await expect(page.getByTestId('msg-assistant').nth(1)).toContainText('quokkas');

  // Restart: the first host goes away entirely; a new one opens the same data folder.
  await page.close();
  await host.close();
  const host2 = await startTestHost({ settings: { onboardingDone: true }, dataDir, simulatorUrl: `${sim.url}?sim_transcript=x`, simulatorKey: sim.key });
  try {
    const { context, page: page2 } = await openHostPage(chrome, host2, pageErrors);
    await openApp(page2, host2.url);
    await waitReady(page2);
    await openHistory(page2);
    const item = page2.getByTestId('history-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Where is the Zanzibar lighthouse');
    await expect(item.getByTestId('history-kind')).toHaveText('Voice');

    // Search: the spoken turn and the typed one, matches highlighted.
    await page2.getByTestId('history-search').fill('zanzibar');
    await expect(page2.getByTestId('history-hit')).toHaveCount(2); // the question and the echoed answer
    await expect(page2.getByTestId('history-hit').first().locator('mark')).toHaveText(/zanzibar/i);
    await page2.getByTestId('history-search').fill('quokka');
    await expect(page2.getByTestId('history-hit').first()).toBeVisible();
    await expect(page2.getByTestId('history-hit').first().locator('mark').first()).toHaveText(/quokka/i);

    // Open it read-only, then Continue: a new socket whose first items are the old text.
    const before = sim.sessions.length;
    await page2.getByTestId('history-hit').first().click();
    await expect(page2.getByTestId('history-conversation')).toBeVisible();
    await expect(page2.getByTestId('stored-user')).toHaveCount(2);
    await page2.getByTestId('history-continue').click();
    await expect(page2.getByTestId('main-screen')).toBeVisible();
    await expect.poll(() => sim.sessions.length, { timeout: 20_000 }).toBeGreaterThan(before);
    const continued = sim.sessions.at(-1)!;
    await expect.poll(() => createdTexts(continued).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const seeded = createdTexts(continued);
    expect(seeded[0]).toContain('Where is the Zanzibar lighthouse');
    expect(seeded[2]).toBe('Remind me about quokkas');
    expect(seeded.some((t) => t.includes('quokkas') && t !== 'Remind me about quokkas')).toBe(true); // the old answer
    await expect.poll(() => serverItemTexts(continued).filter((t) => t.includes('quokkas')).length).toBeGreaterThanOrEqual(2);
    // The old turns show, and a new turn is appended to the same stored conversation.
    await expect(page2.getByTestId('msg-user')).toHaveCount(2);
    await waitReady(page2);
    await page2.getByTestId('text-input').fill('And what about wombats');
    await page2.getByTestId('text-input').press('Enter');
    await expect(page2.getByTestId('msg-assistant').last()).toContainText('wombats');
    await expect(page2.getByTestId('msg-assistant').last()).toHaveAttribute('data-final', 'true');
    await expect.poll(() => host2.history!.list().length).toBe(1);
    await expect.poll(() => host2.history!.search('wombats').length).toBeGreaterThan(0);
    await context.close();
  } finally {
    await host2.close();
  }
});

test('New conversation: the new session is told nothing of the old one, and the old one stays in History', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('My secret word is pelican');
  await page.getByTestId('text-input').press('Enter');
  await expect(page.getByTestId('msg-assistant').last()).toHaveAttribute('data-final', 'true');
  const old = await liveSession(sim);
  const before = sim.sessions.length;
  // Cost beside latency (the simulator reports usage; the default model has a dated estimate).
  await expect(page.getByTestId('turn-metrics').last()).toContainText(/≈ \$0\.\d+ \(est\.\)/);
  await expect(page.getByTestId('cost-totals')).toContainText(/Session \$0\.\d*[1-9]\d* · Today \$0\.\d*[1-9]/);

  await page.getByTestId('new-conversation').click();
  await expect(page.getByTestId('msg-user')).toHaveCount(0);
  await expect(page.getByTestId('cost-totals')).toContainText(/Session \$0 · Today \$0\.\d*[1-9]/);
  await expect.poll(() => sim.sessions.length, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect.poll(() => old.open).toBe(false); // the old socket (and its server-side items) is gone
  await waitReady(page);
  await page.getByTestId('text-input').fill('What was my secret word');
  await page.getByTestId('text-input').press('Enter');
  await expect(page.getByTestId('msg-assistant').last()).toHaveAttribute('data-final', 'true');
  const fresh = sim.sessions.at(-1)!;
  expect(createdTexts(fresh)).toEqual(['What was my secret word']);
  expect(serverItemTexts(fresh).some((t) => t.includes('pelican'))).toBe(false);

  // Both conversations are in the history, separately (the first test's one is there too).
  await openHistory(page);
  await expect(page.getByTestId('history-item')).toHaveCount(3);
  await expect(page.getByTestId('history-item').nth(0)).toContainText('What was my secret word');
  await expect(page.getByTestId('history-item').nth(1)).toContainText('My secret word is pelican');
  await page.getByTestId('history-search').fill('pelican');
  await expect(page.getByTestId('history-hit').first()).toContainText('pelican');
  await expect(page.getByTestId('history-hit').first().locator('mark')).toHaveText(/pelican/i);
  await screenshotScreen(page, 'history-search');
});

test('a damaged history file is moved aside with a notice, and the app opens and saves again', async ({ sim, chrome, pageErrors }) => {
  const dir = mkdtempSync(join(tmpdir(), 'history-damaged-'));
  writeFileSync(join(dir, 'history.db'), 'definitely not an SQLite database '.repeat(100));
  const damaged = await startTestHost({ settings: { onboardingDone: true }, dataDir: dir, simulatorUrl: sim.url, simulatorKey: sim.key });
  try {
    const { context, page } = await openHostPage(chrome, damaged, pageErrors);
    await openApp(page, damaged.url);
    await expect(page.getByTestId('notice').filter({ hasText: 'history database was damaged' })).toBeVisible();
    const aside = readdirSync(dir).filter((f) => f.startsWith('history.db.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain('definitely not an SQLite database');
    await waitReady(page);
    await page.getByTestId('text-input').fill('Saved into the new history');
    await page.getByTestId('text-input').press('Enter');
    await expect(page.getByTestId('msg-assistant').last()).toHaveAttribute('data-final', 'true');
    await expect.poll(() => damaged.history!.search('saved new history').length).toBeGreaterThan(0);
    await context.close();
  } finally {
    await damaged.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
