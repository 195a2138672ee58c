/**
 * Echo suppression per playback path on the PulseAudio loop (test/e2e/renderer/support/audio-loop.ts,
 * echo-measure.ts): for each path and Chromium variant, AEC off (the loop gain) and on (the
 * suppression after 2 s), then double talk (the user's voice over the answer: how much of it is kept).
 * Shared by the echo benchmark and the loop spec.
 */
import { startAudioLoop } from '../e2e/renderer/support/audio-loop';
import {
  CAPTURE_RATE,
  captureWhilePlaying,
  pathLatency,
  PLAYBACK_PATHS,
  serveBlankPage,
  suppressionDb,
  to48k,
  userPreservation,
  type PlaybackPath,
} from '../e2e/renderer/support/echo-measure';
import { makeSpeechWav } from '../e2e/renderer/support/speech';
import { resample } from '../e2e/renderer/support/waveform';

export const ANSWER_TEXT =
  'Here is the forecast for the week. Monday starts cloudy with light rain in the afternoon, clearing by evening. ' +
  'Tuesday and Wednesday stay dry and mild, around eighteen degrees.';
export const USER_TEXT = 'Wait, stop, what about the weekend?';

/** A Chromium launch variant: extra switches that may change which output is the AEC reference. */
export interface Variant {
  name: string;
  args: string[];
}
export const VARIANTS: Variant[] = [
  { name: 'default', args: [] },
  { name: 'ChromeWideEchoCancellation on', args: ['--enable-features=ChromeWideEchoCancellation'] },
  { name: 'ChromeWideEchoCancellation off', args: ['--disable-features=ChromeWideEchoCancellation'] },
];

export interface PathFigures {
  path: PlaybackPath;
  variant: string;
  loop_gain_db: number;
  latency_ms: number;
  echo_suppression_db: number;
  user_kept_db: number;
  user_ncc: number;
  /** Set when this path could not be measured (e.g. Chromium crashed). */
  error?: string;
}

export async function measureEchoPaths(opts: { paths?: PlaybackPath[]; variants?: Variant[]; log?: (s: string) => void } = {}): Promise<PathFigures[]> {
  const answer = makeSpeechWav(ANSWER_TEXT, { leadMs: 0, trailMs: 0 });
  const user = makeSpeechWav(USER_TEXT, { leadMs: 0, trailMs: 200 });
  const echo24k = resample(answer.samples, CAPTURE_RATE, 24_000);
  const played48k = to48k(echo24k);
  const loop = await startAudioLoop();
  const page0 = await serveBlankPage();
  const out: PathFigures[] = [];
  try {
    for (const variant of opts.variants ?? VARIANTS) {
      const browser = await loop.launchChromium(variant.args);
      try {
        for (const path of opts.paths ?? PLAYBACK_PATHS) {
          if (!browser.isConnected()) {
            out.push(failed(path, variant.name, 'the browser had crashed'));
            continue;
          }
          const ctx = await browser.newContext();
          await ctx.grantPermissions(['microphone'], { origin: page0.url.replace(/\/$/, '') });
          const run = async (aec: boolean, withUser: boolean) => {
            const page = await ctx.newPage();
            await page.goto(page0.url);
            let userStart = 0;
            const r = await captureWhilePlaying(page, path, echo24k, {
              aec,
              onPlay: withUser ? () => void loop.playUser(user.path, 3000).then((u) => (userStart = u.startedAt)) : undefined,
            });
            await page.close();
            return { r, userStart };
          };
          try {
          const off = await run(false, false);
          const lat = pathLatency(played48k, off.r);
          const loopGain = -suppressionDb(played48k, off.r, lat.latency);
          const on = await run(true, false);
          const supp = suppressionDb(played48k, on.r, lat.latency);
          const dt = await run(true, true);
          // The user starts ~3 s after playback start; search ±1 s around it.
          const expect = dt.r.playStartIndex + 3 * CAPTURE_RATE;
          const keep = userPreservation(dt.r.captured, user.samples, expect - CAPTURE_RATE, expect + CAPTURE_RATE);
          const f: PathFigures = {
            path,
            variant: variant.name,
            loop_gain_db: round1(loopGain),
            latency_ms: Math.round((lat.latency / CAPTURE_RATE) * 1000),
            echo_suppression_db: round1(supp),
            user_kept_db: round1(keep.keptDb),
            user_ncc: Math.round(keep.ncc * 100) / 100,
          };
          opts.log?.(JSON.stringify({ ...f, latency_ncc: Math.round(lat.ncc * 100) / 100 }));
          out.push(f);
          } catch (err) {
            // Some switch combinations crash Chromium's audio service: that is a result too.
            out.push(failed(path, variant.name, String(err).split('\n')[0]!));
            opts.log?.(`${path} / ${variant.name}: failed: ${String(err).split('\n')[0]}`);
          }
          await ctx.close().catch(() => undefined);
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await page0.close();
    await loop.stop();
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function failed(path: PlaybackPath, variant: string, error: string): PathFigures {
  return { path, variant, loop_gain_db: NaN, latency_ms: NaN, echo_suppression_db: NaN, user_kept_db: NaN, user_ncc: NaN, error };
}

if (process.argv[1]?.endsWith('echo-paths.ts')) {
  void measureEchoPaths({ log: (s) => console.log(s) }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
