/**
 * The renderer fixture on the real audio loop (audio-loop.ts): Chromium's speaker is the loop's
 * sink and its microphone hears that sink, with the app's own audio processing as production asks
 * for it (echo cancellation on: `rawMic` false). `loop.playUser(wav)` is a person talking into the
 * room. One PulseAudio server per test, so no test inherits another's echo-canceller state.
 */
import { test as rendererTest } from './fixture';
import { pulseAudioAvailable, startAudioLoop, type AudioLoop } from './audio-loop';

export const test = rendererTest.extend<{ loop: AudioLoop; chromeArgs: string[] }>({
  rawMic: false,
  chromeArgs: [[], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern
  loop: async ({}, use, info) => {
    info.skip(!pulseAudioAvailable(), 'PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils)');
    const loop = await startAudioLoop();
    await use(loop);
    await loop.stop();
  },
  chrome: async ({ loop, chromeArgs }, use) => {
    const browser = await loop.launchChromium(chromeArgs);
    await use(browser);
    await browser.close();
  },
});

export { expect } from '@playwright/test';
