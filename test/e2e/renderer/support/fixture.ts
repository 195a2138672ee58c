/**
 * Fixture for the renderer's browser specs: the full simulator handle (its per-session records of
 * received PCM, appends and commits are what we assert on), the test host against it, and Debian's
 * Chromium with a fake microphone fed from a WAV. Unlike the shared host fixture it keeps the raw
 * simulator, and it records the renderer's audio diagnostics (see src/renderer/src/audio/diagnostics.ts)
 * into `window.__audioDiag` from before the app starts.
 */
import { test as base, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startTestHost, type TestHost, type TestHostOptions } from '../../../host/index';
import { loadTsModule } from '../../../host/load-ts';
import { launchChromium, openHostPage, withSimQuery } from '../../fixtures/host-fixture';
import { installMicTap, micTapScripts } from './mic-tap';
import { playerTapScripts } from './player-tap';
import type { Simulator, SimulatorOptions } from '../../../sim/index';

export interface RendererFixtures {
  hostOptions: Omit<TestHostOptions, 'simulatorUrl' | 'simulatorKey'>;
  simOptions: SimulatorOptions;
  /** Query string for the simulator URL (`sim_*` switches), e.g. 'sim_pacing=realtime'. */
  simQuery: string;
  micWav: string | undefined;
  /**
   * Turn Chromium's audio processing (AEC, noise suppression, AGC) off under the renderer, which
   * still asks for it. That processing reshapes the waveform by design (measured: normalized
   * correlation 0.5–0.77 against the source with any one of them on, > 0.99 with all off), so a
   * waveform comparison can only check our own pipeline with it off. What the renderer asked for is
   * recorded in `window.__gumCalls` so specs can assert that production requests it.
   */
  rawMic: boolean;
  /** Record what the mic source node delivers, beside the capture worklet (see mic-tap.ts). */
  micTap: boolean;
  sim: Simulator;
  host: TestHost;
  chrome: Browser;
  page: Page;
  pageErrors: string[];
}

/** The simulator module, loaded the way the shared fixtures do (its sources use ESM-style .js specifiers). */
export function loadSim(): Promise<typeof import('../../../sim/index')> {
  return loadTsModule<typeof import('../../../sim/index')>(join(__dirname, '..', '..', '..', 'sim', 'index.ts'));
}

export const test = base.extend<RendererFixtures>({
  hostOptions: [{ settings: { onboardingDone: true } }, { option: true }],
  simOptions: [{}, { option: true }],
  simQuery: ['', { option: true }],
  micWav: [undefined, { option: true }],
  rawMic: [true, { option: true }],
  micTap: [false, { option: true }],
  sim: async ({ simOptions }, use) => {
    const mod = await loadSim();
    const sim = await mod.startSimulator({ port: 0, ...simOptions });
    await use(sim);
    await sim.close();
  },
  host: async ({ sim, hostOptions, simQuery, micTap }, use) => {
    const simulatorUrl = withSimQuery(sim.url, simQuery);
    // The player tap's module is always served (a spec opts in with installPlayerTap); the mic tap's with `micTap`.
    const extraScripts = { ...hostOptions.extraScripts, ...playerTapScripts, ...(micTap ? micTapScripts : {}) };
    const host = await startTestHost({ ...hostOptions, extraScripts, simulatorUrl, simulatorKey: sim.key });
    await use(host);
    await host.close();
  },
  chrome: async ({ micWav }, use) => {
    const browser = await launchChromium(micWav);
    await use(browser);
    await browser.close();
  },
  // Playwright reads a fixture's dependencies from its destructuring pattern, so `{}` is required here.
  // eslint-disable-next-line no-empty-pattern
  pageErrors: async ({}, use) => {
    await use([]);
  },
  page: async ({ chrome, host, pageErrors, rawMic, micTap }, use) => {
    const { context, page } = await openHostPage(chrome, host, pageErrors);
    if (micTap) await installMicTap(page);
    await page.addInitScript(() => {
      const w = window as unknown as { __audioDiag: unknown[] };
      w.__audioDiag = [];
      window.addEventListener('assistant-audio-diagnostic', (e) => w.__audioDiag.push((e as CustomEvent).detail));
    });
    await page.addInitScript((raw: boolean) => {
      const md = navigator.mediaDevices;
      const w = window as unknown as { __gumCalls: MediaStreamConstraints[] };
      w.__gumCalls = [];
      const original = md.getUserMedia.bind(md);
      md.getUserMedia = (c?: MediaStreamConstraints) => {
        w.__gumCalls.push(JSON.parse(JSON.stringify(c ?? {})));
        if (!raw || typeof c?.audio !== 'object') return original(c);
        return original({ ...c, audio: { ...c.audio, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
      };
    }, rawMic);
    await use(page);
    await context.close();
  },
});

export { expect } from '@playwright/test';
