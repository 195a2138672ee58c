/**
 * Asking the launcher by voice and hearing its answer: the mic button is held while the fake
 * microphone plays an espeak-ng recording; capture goes through the main window's audio engine
 * (the push-to-talk path, with its pre-roll and tail) into the launcher's own session. A spoken
 * answer is played by the same player and Esc stops it, truncated to what came out of the player.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { clientEvents, diagnostics, ofType, openApp, waitMicOpen, waitReady } from './support/page-helpers';
import { installPlayerTap, readPlayerTap } from './support/player-tap';
import type { TestHost } from '../../host/index';
import type { Simulator, SessionRecord } from '../../sim/index';

const WORDS = 'What is the tallest mountain in Europe?';

async function openQuick(page: Page, host: TestHost, opts: { recordInputs?: boolean } = {}): Promise<Page> {
  const quick = await page.context().newPage();
  // What the input showed over time: every value written into a textarea, recorded by the
  // prototype's setter (React writes through it). A timer would not do: the launcher is a
  // background tab here, and Chromium throttles a background tab's timers to once a second.
  if (opts.recordInputs) {
    await quick.addInitScript(() => {
      const w = window as unknown as { __inputs: string[] };
      w.__inputs = [];
      const proto = HTMLTextAreaElement.prototype;
      const desc = Object.getOwnPropertyDescriptor(proto, 'value')!;
      Object.defineProperty(proto, 'value', {
        ...desc,
        set(this: HTMLTextAreaElement, v: string) {
          w.__inputs.push(String(v));
          desc.set!.call(this, v);
        },
      });
    });
  }
  await quick.goto(`${host.url}__quick/index.html`);
  await host.controller.quick.open();
  await expect(quick.locator('#q')).toBeFocused();
  return quick;
}

/** The launcher's simulator session: the one that is not the main window's first. */
async function quickSession(sim: Simulator): Promise<SessionRecord> {
  await expect.poll(() => sim.sessions.length, { timeout: 20_000 }).toBe(2);
  return sim.sessions[1]!;
}

test.describe('a spoken question', () => {
  const speech = makeSpeechWav(WORDS, { leadMs: 400, trailMs: 400 });
  test.use({ micWav: speech.path, simQuery: `sim_transcript=${encodeURIComponent(WORDS)}` });

  test('held mic button: the held span reaches the launcher session, its transcript shows live, the answer follows', async ({ page, host, sim, pageErrors }) => {
    await openApp(page, host.url);
    await waitReady(page);
    await waitMicOpen(page);
    // The live transcript replaces the placeholder in the input while speaking.
    const quick = await openQuick(page, host, { recordInputs: true });
    // In the app the main window keeps running hidden (no background throttling); a background
    // browser tab would not, so the main page stays in front and the launcher page gets the input.
    await page.bringToFront();
    await quickSession(sim); // opening the launcher warms its session
    await expect.poll(() => host.controller.quick.state().phase).toBe('idle');
    const box = (await quick.getByTestId('quick-mic').boundingBox())!;
    await quick.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await quick.mouse.down();
    await expect(quick.getByTestId('quick-mic')).toHaveAttribute('aria-pressed', 'true');
    // The fake microphone loops its file since the mic opened; holding for two periods makes the
    // turn hold one whole utterance wherever in the loop the press fell.
    await quick.waitForTimeout(2 * speech.durationMs);
    await quick.mouse.up();

    const session = await quickSession(sim);
    await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
    // The held span (plus pre-roll) was committed. The waveform comparison with the fixture is not
    // asserted here yet: see the open question in docs/ARCHITECTURE.md (quick query, voice).
    const heldMs = (session.commits[0]!.audio.length / 2 / 24_000) * 1000;
    expect(heldMs).toBeGreaterThan(2 * speech.durationMs - 200);
    // Text only by default: the response asked for no audio.
    const update = clientEvents(session, 'session.update').map((e) => (e.event.session as { output_modalities?: string[] }).output_modalities);
    expect(update.at(-1)).toEqual(['text']);

    await expect(quick.locator('#answer')).toContainText(`You said: "${WORDS}"`, { timeout: 15_000 });
    const user = host.controller.quick.state().entries.find((e) => e.kind === 'message' && e.role === 'user');
    expect(user && user.kind === 'message' && user.text).toBe(WORDS);
    const seen = await quick.evaluate(() => (window as unknown as { __inputs: string[] }).__inputs);
    expect(seen.some((v) => v.length > 0 && WORDS.startsWith(v.trim().slice(0, 10))), 'the transcript appeared in the input').toBe(true);
    // The main window's conversation did not get it.
    await expect(page.getByTestId('msg-user')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});

test.describe('a spoken answer', () => {
  test.use({ simQuery: 'sim_scenario=long&sim_pacing=realtime' });

  test('plays through the player and Esc stops it, truncated to what was heard', async ({ page, host, sim }) => {
    await installPlayerTap(page);
    await openApp(page, host.url);
    await waitReady(page);
    const quick = await openQuick(page, host);
    await quick.getByTestId('quick-spoken').check();
    await quick.locator('#q').fill('Tell me a long story.');
    await quick.locator('#q').press('Enter');
    const session = await quickSession(sim);

    await expect
      .poll(async () => ofType(await diagnostics(page), 'played').at(-1)?.samples ?? 0, { timeout: 15_000, intervals: [50] })
      .toBeGreaterThan(36_000);
    const itemId = ofType(await diagnostics(page), 'played').at(-1)!.itemId;
    await quick.locator('#q').press('Escape');

    await expect.poll(async () => ofType(await diagnostics(page), 'flushed').length, { timeout: 5_000 }).toBeGreaterThan(0);
    const flushed = ofType(await diagnostics(page), 'flushed')[0]!;
    const played = flushed.played.find((p) => p.itemId === itemId)!.playedSamples;
    await expect.poll(() => clientEvents(session, 'response.cancel').length, { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => clientEvents(session, 'conversation.item.truncate').length, { timeout: 5_000 }).toBeGreaterThan(0);
    const truncate = clientEvents(session, 'conversation.item.truncate').find((e) => e.event.item_id === itemId)!;
    expect(Math.abs((truncate.event.audio_end_ms as number) - (played / 24_000) * 1000)).toBeLessThanOrEqual(40);
    expect(played * 2).toBeLessThan(session.outputAudio.get(itemId)!.length);

    // Silence after the stop: nothing more of that answer came out of the player.
    const before = (await readPlayerTap(page)).length;
    await page.waitForTimeout(600);
    const output = await readPlayerTap(page);
    const tail = output.subarray(before);
    expect(tail.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(0.001);
    await expect(quick.getByTestId('quick-interrupted')).toBeVisible();
    // The launcher is still open: the first Esc only stopped the answer.
    expect(host.quickWindow.visible).toBe(true);
  });
});
