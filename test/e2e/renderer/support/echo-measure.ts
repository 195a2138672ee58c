/**
 * Echo measurement on the PulseAudio loop (audio-loop.ts), per playback path, in a bare page (no
 * app): the page plays an "assistant" signal through one path while it captures its microphone with
 * Chromium's echo canceller on (NS and AGC off, so only AEC acts); optionally the rig's user source
 * speaks over it. The figures:
 *
 *   echo_suppression_db   energy of what was played vs energy of the capture over the same window,
 *                         starting 2 s into playback (AEC convergence) — everything captured there
 *                         is the assistant's own audio (no user), so this is conservative
 *   loop_gain_db          the same with AEC off: ≈ 0 dB proves the loop really returns the output
 *   user_kept_db          double talk: the least-squares gain of the capture onto the (aligned) user
 *                         signal, 0 dB = the user's voice passes untouched
 *   user_ncc              how much of the double-talk capture is the user's voice (1 = all of it)
 *
 * Paths: 'webaudio' (an AudioContext at 24 kHz → destination, as the app's player worklet does),
 * 'rtc-loopback' (Web Audio → MediaStreamDestination → local RTCPeerConnection pair → <audio>), and
 * 'media-element' (an <audio> playing a WAV blob). Chromium switches are measured by launching the
 * browser with them (see bench / spec callers).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { align, resample } from './waveform';
import { readPageChunks } from './page-chunks';

export type PlaybackPath = 'webaudio' | 'rtc-loopback' | 'media-element';
export const PLAYBACK_PATHS: PlaybackPath[] = ['webaudio', 'rtc-loopback', 'media-element'];

export const CAPTURE_RATE = 48_000;

/** A localhost page: a secure context for getUserMedia, nothing else. */
export async function serveBlankPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>echo</title><body></body>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

export interface CaptureRun {
  /** Capture at CAPTURE_RATE. */
  captured: Float32Array;
  /** Capture sample index at which playback was started. */
  playStartIndex: number;
}

/**
 * Plays `echo24k` (24 kHz) through `path` while capturing; `onPlay` fires when playback starts
 * (the caller starts the user source from there). Capture runs `tailMs` past the signal's end.
 */
export async function captureWhilePlaying(
  page: Page,
  path: PlaybackPath,
  echo24k: Float32Array,
  opts: { aec: boolean; tailMs?: number; onPlay?: () => void },
): Promise<CaptureRun> {
  // tsx/esbuild name helpers may be referenced by the serialized function below.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  const played = new Promise<void>((resolve) => void page.exposeBinding(`__played_${path}_${opts.aec}`, () => (opts.onPlay?.(), resolve())));
  const result = await page.evaluate(
    async ({ path, echo, aec, tailMs, binding }) => {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: aec, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
      const cctx = new AudioContext({ sampleRate: 48_000 });
      const chunks: Float32Array[] = [];
      let count = 0;
      const src = cctx.createMediaStreamSource(stream);
      const sp = cctx.createScriptProcessor(2048, 1, 1);
      sp.onaudioprocess = (e) => {
        const c = e.inputBuffer.getChannelData(0).slice();
        chunks.push(c);
        count += c.length;
      };
      src.connect(sp);
      sp.connect(cctx.destination);
      await new Promise((r) => setTimeout(r, 700));

      const pctx = new AudioContext({ sampleRate: 24_000 });
      const buf = pctx.createBuffer(1, echo.length, 24_000);
      buf.getChannelData(0).set(echo);
      const cleanup: Array<() => void> = [];
      let startNode: () => void;
      if (path === 'media-element') {
        const bytes = new ArrayBuffer(44 + echo.length * 2);
        const v = new DataView(bytes);
        const w = (o: number, s: string) => [...s].forEach((ch, i) => v.setUint8(o + i, ch.charCodeAt(0)));
        w(0, 'RIFF'); v.setUint32(4, 36 + echo.length * 2, true); w(8, 'WAVEfmt '); v.setUint32(16, 16, true);
        v.setUint16(20, 1, true); v.setUint16(22, 1, true); v.setUint32(24, 24_000, true); v.setUint32(28, 48_000, true);
        v.setUint16(32, 2, true); v.setUint16(34, 16, true); w(36, 'data'); v.setUint32(40, echo.length * 2, true);
        for (let i = 0; i < echo.length; i++) v.setInt16(44 + i * 2, Math.max(-1, Math.min(1, echo[i]!)) * 32767, true);
        const el = new Audio(URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' })));
        await new Promise((r) => el.addEventListener('canplaythrough', r, { once: true }));
        startNode = () => void el.play();
        cleanup.push(() => el.pause());
      } else {
        const node = pctx.createBufferSource();
        node.buffer = buf;
        if (path === 'webaudio') node.connect(pctx.destination);
        else {
          const dest = pctx.createMediaStreamDestination();
          node.connect(dest);
          const a = new RTCPeerConnection();
          const b = new RTCPeerConnection();
          a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
          b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
          const el = new Audio();
          const gotTrack = new Promise<void>((r) => {
            b.ontrack = (e) => {
              el.srcObject = e.streams[0] ?? new MediaStream([e.track]);
              void el.play();
              r();
            };
          });
          for (const t of dest.stream.getAudioTracks()) a.addTrack(t, dest.stream);
          await a.setLocalDescription(await a.createOffer());
          await b.setRemoteDescription(a.localDescription!);
          await b.setLocalDescription(await b.createAnswer());
          await a.setRemoteDescription(b.localDescription!);
          await gotTrack;
          await new Promise((r) => setTimeout(r, 500));
          cleanup.push(() => (a.close(), b.close(), el.pause()));
        }
        startNode = () => node.start();
      }
      const playStartIndex = count;
      startNode();
      (window as unknown as Record<string, () => void>)[binding]!();
      await new Promise((r) => setTimeout(r, (echo.length / 24_000) * 1000 + tailMs));
      for (const c of cleanup) c();
      await pctx.close();
      stream.getTracks().forEach((t) => t.stop());
      await cctx.close();
      (window as unknown as Record<string, { chunks: Float32Array[] }>).__echoCapture = { chunks };
      return { playStartIndex };
    },
    { path, echo: Array.from(echo24k), aec: opts.aec, tailMs: opts.tailMs ?? 800, binding: `__played_${path}_${opts.aec}` },
  );
  await played;
  return { captured: await readPageChunks(page, '__echoCapture'), playStartIndex: result.playStartIndex };
}

export function energy(x: Float32Array, from = 0, to = x.length): number {
  let e = 0;
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) e += x[i]! * x[i]!;
  return e;
}

export const dB = (ratio: number): number => (ratio > 0 ? 10 * Math.log10(ratio) : Infinity);

/**
 * Played-vs-captured energy over the window from `convergeMs` after playback start to the signal's
 * end (the capture window is shifted by the measured path latency).
 */
export function suppressionDb(played48k: Float32Array, run: CaptureRun, latencySamples: number, convergeMs = 2000): number {
  const from = Math.round((convergeMs / 1000) * CAPTURE_RATE);
  const ePlayed = energy(played48k, from, played48k.length);
  const start = run.playStartIndex + latencySamples;
  const eCap = energy(run.captured, start + from, start + played48k.length);
  // A capture of pure digital silence means "below anything measurable": report the floor of 16-bit.
  return Math.min(dB(ePlayed / Math.max(eCap, 1e-12)), 96);
}

/** Where the played signal shows up in a capture with AEC off (its path latency, in samples). */
export function pathLatency(played48k: Float32Array, run: CaptureRun): { latency: number; ncc: number } {
  const a = align(run.captured, played48k, run.playStartIndex - 4800, run.playStartIndex + 48_000);
  return { latency: a.lag - run.playStartIndex, ncc: a.ncc };
}

/** Double talk: how much of the user's voice survives in the capture (LS gain, dB) and its share. */
export function userPreservation(captured: Float32Array, user48k: Float32Array, minLag: number, maxLag: number): { keptDb: number; ncc: number; lag: number } {
  const a = align(captured, user48k, minLag, maxLag);
  let xy = 0;
  let xx = 0;
  for (let i = 0; i < user48k.length; i++) {
    const y = captured[i + a.lag];
    if (y === undefined) continue;
    xy += user48k[i]! * y;
    xx += user48k[i]! * user48k[i]!;
  }
  const gain = xx > 0 ? xy / xx : 0;
  return { keptDb: 20 * Math.log10(Math.max(Math.abs(gain), 1e-6)), ncc: a.ncc, lag: a.lag };
}

export const to48k = (x24k: Float32Array): Float32Array => resample(x24k, 24_000, CAPTURE_RATE);
