/**
 * The hands-free barge-in gate on real signals: espeak speech (a user talking over the answer)
 * interrupts after the sustain time and is released whole; a cough-like noise burst, a short
 * "mm-hmm"-length voice, and quiet echo residue do not, and are not sent while the assistant speaks.
 */
import { describe, expect, it } from 'vitest';
import { BargeInGate } from '../../../../src/main/realtime/turns/barge-in-gate';
import { VoicingDetector, type FrameVerdict } from '../../../../src/main/realtime/mic/voicing';
import { makeSpeechWav } from '../../../e2e/renderer/support/speech';
import { resample } from '../../../e2e/renderer/support/waveform';

const RATE = 24_000;
const FRAME = 960; // 40 ms, the capture's default frame

function pcm16(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < x.length; i++) v.setInt16(i * 2, Math.round(Math.max(-1, Math.min(1, x[i]!)) * 32767), true);
  return out;
}
function frames(x: Float32Array): Uint8Array[] {
  const b = pcm16(x);
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += FRAME * 2) out.push(b.subarray(i, i + FRAME * 2));
  return out;
}
function speech(text: string, leadMs = 200): Float32Array {
  return resample(makeSpeechWav(text, { leadMs, trailMs: 300 }).samples, 48_000, RATE);
}
/** Seeded white noise under a fast attack / slow decay envelope: a cough's shape. */
function cough(ms: number, amp = 0.5, seed = 7): Float32Array {
  const n = Math.round((ms * RATE) / 1000);
  const x = new Float32Array(n + RATE / 5);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const env = Math.min(1, i / 120) * Math.exp((-3 * i) / n);
    x[i] = ((s / 2 ** 32) * 2 - 1) * amp * env;
  }
  return x;
}
/** A voiced sound (150 Hz, harmonics) at speech level for `ms`, with 5 ms ramps: the shape of the
 *  assistant's own voice passing a canceller that lost the echo path (measured on the audio loop:
 *  one unbroken 70–210 ms burst at −6…−30 dBFS, then residue again). */
function voicedBurst(ms: number, lead = 200): Float32Array {
  const n = Math.round((ms * RATE) / 1000);
  const pad = Math.round((lead * RATE) / 1000);
  const x = new Float32Array(pad + n + RATE / 2);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const env = Math.min(1, i / 120, (n - i) / 120);
    x[pad + i] = 0.25 * env * (Math.sin(2 * Math.PI * 150 * t) + 0.5 * Math.sin(2 * Math.PI * 300 * t) + 0.3 * Math.sin(2 * Math.PI * 450 * t));
  }
  return x;
}
function run(gate: BargeInGate, chunks: Uint8Array[], audible = true) {
  let bargeAt = -1;
  let forwarded = 0;
  chunks.forEach((c, i) => {
    const r = gate.push(c, audible);
    if (r.bargeIn && bargeAt < 0) bargeAt = i;
    forwarded += r.forward.reduce((n, b) => n + b.length, 0);
  });
  return { bargeAt, forwardedMs: forwarded / 48 };
}

describe('VoicingDetector', () => {
  it('calls most of a spoken sentence voiced and a cough burst unvoiced', () => {
    const d = new VoicingDetector();
    const talk = d.push(pcm16(speech('Wait, what about the weekend?', 0)));
    d.reset();
    const noise = d.push(pcm16(cough(300)));
    const share = (v: FrameVerdict[]) => v.filter((f) => f.voiced).length / v.length;
    expect(share(talk)).toBeGreaterThan(0.5);
    expect(noise.filter((f) => f.loud).length * 10, 'the cough is loud').toBeGreaterThan(150);
    expect(noise.filter((f) => f.voiced).length * 10).toBeLessThan(60);
  });

  it('ignores voice below its level floor (echo-canceller residue)', () => {
    const quiet = speech('Monday starts cloudy with light rain.', 0).map((v) => v * 0.002); // ≈ -60 dBFS
    expect(new VoicingDetector().push(pcm16(quiet)).filter((f) => f.loud || f.voiced)).toHaveLength(0);
  });
});

describe('BargeInGate', () => {
  it('interrupts on sustained speech after about the sustain time and releases it from before its onset', () => {
    const gate = new BargeInGate({ sustainMs: 250 });
    const x = speech('Wait, stop, what about the weekend?', 400);
    const chunks = frames(x);
    let released: Uint8Array[] = [];
    let at = -1;
    chunks.forEach((c, i) => {
      const r = gate.push(c, at < 0);
      if (r.bargeIn) {
        at = i;
        released = r.forward;
      }
      else if (at < 0) expect(r.forward).toHaveLength(0); // nothing leaves while the assistant is heard
    });
    expect(at).toBeGreaterThan(0);
    const decidedMs = (at + 1) * 40 - 400; // after the voice's onset
    expect(decidedMs).toBeGreaterThanOrEqual(250);
    expect(decidedMs).toBeLessThanOrEqual(330);
    // The release starts ≥ 250 ms before the onset (300 ms pre-roll): the first word is whole.
    const releasedMs = released.reduce((n, b) => n + b.length, 0) / 48;
    expect(releasedMs).toBeGreaterThanOrEqual(decidedMs + 250);
  });

  it('does not interrupt for a cough, a short "mm-hmm"-length voice, or a cough fit with pauses', () => {
    const short = speech('mm', 0).subarray(0, RATE * 0.18);
    for (const [name, x] of [
      ['cough', cough(350)],
      ['short voice', short],
      ['coughs', Float32Array.from([...cough(250, 0.5, 1), ...new Float32Array(RATE / 10), ...cough(250, 0.6, 2)])],
    ] as const) {
      const gate = new BargeInGate({ sustainMs: 250 });
      expect(run(gate, frames(x)).bargeAt, name).toBe(-1);
    }
  });

  it("does not interrupt for one unbroken voiced burst shorter than the sustain span (the canceller's own-voice leak), but does for the same voice going on", () => {
    for (const ms of [150, 210, 240]) expect(run(new BargeInGate({ sustainMs: 250 }), frames(voicedBurst(ms))).bargeAt, `${ms} ms burst`).toBe(-1);
    const long = run(new BargeInGate({ sustainMs: 250 }), frames(voicedBurst(400)));
    expect(long.bargeAt).toBeGreaterThan(0);
    // Decided in the frame holding the 250th ms of voice (200 ms of lead, 40 ms frames).
    expect((long.bargeAt + 1) * 40 - 200).toBeGreaterThanOrEqual(250);
    expect((long.bargeAt + 1) * 40 - 200).toBeLessThanOrEqual(290);
  });

  it('drops unconfirmed sound made while the assistant spoke, and holds through the echo tail after it stops', () => {
    const gate = new BargeInGate({ sustainMs: 250, prerollMs: 300, echoTailMs: 400 });
    expect(run(gate, frames(cough(400))).forwardedMs).toBe(0);
    // 400 ms of echo tail after the answer: still held (and, being no voice, dropped).
    for (let i = 0; i < 10; i++) expect(gate.push(new Uint8Array(FRAME * 2), false).forward).toHaveLength(0);
    // Then it passes audio straight through.
    const after = gate.push(new Uint8Array(FRAME * 2), false);
    expect(after.forward.reduce((n, b) => n + b.length, 0) / 48).toBe(40);
    expect(gate.push(new Uint8Array(FRAME * 2), false).forward).toHaveLength(1);
  });

  it('a user who starts talking as the answer ends is released whole, from before the onset', () => {
    const gate = new BargeInGate({ sustainMs: 1000, prerollMs: 300, echoTailMs: 400 });
    const voice = frames(speech('Wait, stop, what about the weekend?', 300));
    let sent = 0;
    voice.forEach((c, i) => {
      // The answer stops being audible 100 ms into the user's voice; the tail ends 400 ms later.
      const r = gate.push(c, i < 10);
      sent += r.forward.reduce((n, b) => n + b.length, 0);
    });
    // Everything from 300 ms before the onset (i.e. all of it here) reached the server.
    expect(sent).toBe(voice.reduce((n, b) => n + b.length, 0));
  });

  it("the echo of the answer's last words, still coming back when the tail ends, is dropped; the microphone then opens", () => {
    const gate = new BargeInGate({ sustainMs: 250, prerollMs: 300, echoTailMs: 400 });
    // A 200 ms voiced burst whose tail overlaps the end of the echo-tail hold, then quiet.
    const burst = frames(voicedBurst(200, 280));
    const forwarded: number[] = [];
    for (let i = 0; i < 5; i++) gate.push(new Uint8Array(FRAME * 2), true); // the answer's last 200 ms
    burst.forEach((c) => {
      const r = gate.push(c, false); // it has just stopped being audible
      for (const b of r.forward) for (let k = 0; k < b.length; k += 2) forwarded.push(Math.abs(new DataView(b.buffer, b.byteOffset + k, 2).getInt16(0, true)));
      expect(r.bargeIn).toBe(false);
    });
    expect(Math.max(0, ...forwarded), 'none of the burst reached the server').toBeLessThan(100);
    expect(forwarded.length, 'the microphone opened once the burst had ended').toBeGreaterThan(0);
    expect(gate.push(new Uint8Array(FRAME * 2), false).forward).toHaveLength(1);
  });

  it('a voice sustained after the answer is released whole without interrupting anything', () => {
    const gate = new BargeInGate({ sustainMs: 250, prerollMs: 300, echoTailMs: 400 });
    const voice = frames(speech('Wait, stop, what about the weekend?', 300));
    let sent = 0;
    let bargeIns = 0;
    const released: Array<string | undefined> = [];
    voice.forEach((c, i) => {
      const r = gate.push(c, i < 9); // audible until 60 ms before the voice starts
      sent += r.forward.reduce((n, b) => n + b.length, 0);
      if (r.bargeIn) bargeIns++;
      if (r.released) released.push(r.released);
    });
    expect(bargeIns).toBe(0);
    expect(released, 'the release is reported (and logged) as a voice after the answer').toEqual(['voice']);
    expect(sent).toBe(voice.reduce((n, b) => n + b.length, 0));
  });

  it('steady unvoiced noise under way at the end of the tail does not keep the microphone shut', () => {
    const gate = new BargeInGate({ sustainMs: 250, gapMs: 500, echoTailMs: 400 });
    let s = 11;
    const noise = new Float32Array(RATE * 3).map(() => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.3);
    const chunks = frames(noise);
    let openedAt = -1;
    let released: string | undefined;
    chunks.forEach((c, i) => {
      const r = gate.push(c, i < 5);
      if (openedAt < 0 && r.forward.length > 0) {
        openedAt = i;
        released = r.released;
      }
    });
    expect(released).toBe('noise');
    // Released at the tail (400 ms) + gap (500 ms) + sustain (250 ms) after the answer, not later.
    expect(openedAt).toBeGreaterThan(5);
    expect((openedAt - 5) * 40).toBeLessThanOrEqual(400 + 500 + 250 + 40);
  });

  it('two short leaks joined across a long quiet gap are not a voice (too little of the run is sound)', () => {
    // As measured: about 200 ms of sound in a 640 ms run.
    const a = voicedBurst(110, 200).subarray(0, ((200 + 110 + 450) * RATE) / 1000);
    const x = new Float32Array(a.length + RATE);
    x.set(a);
    x.set(voicedBurst(110, 0), a.length);
    expect(run(new BargeInGate({ sustainMs: 250, gapMs: 500 }), frames(x)).bargeAt).toBe(-1);
  });

  it("in the canceller's first seconds of an answer a longer voice is needed; after them, the usual span", () => {
    const early = new BargeInGate({ sustainMs: 250, convergenceMs: 4000 });
    expect(run(early, frames(voicedBurst(300))).bargeAt, 'a 300 ms leak right away').toBe(-1);
    const later = new BargeInGate({ sustainMs: 250, convergenceMs: 4000 });
    run(later, frames(new Float32Array(RATE * 4)));
    expect(run(later, frames(voicedBurst(300))).bargeAt, 'the same voice 4 s in').toBeGreaterThan(0);
    expect(run(new BargeInGate({ sustainMs: 250, convergenceMs: 4000 }), frames(voicedBurst(600))).bargeAt, 'a voice going on, right away').toBeGreaterThan(0);
  });

  it('passes everything through when off (0) or when the assistant is silent', () => {
    const x = frames(speech('Hello there, how are you?'));
    const totalMs = x.reduce((n, b) => n + b.length, 0) / 48;
    expect(run(new BargeInGate({ sustainMs: 0 }), x).forwardedMs).toBe(totalMs);
    expect(run(new BargeInGate({ sustainMs: 250 }), x, false).forwardedMs).toBe(totalMs);
  });

  it('a longer sustain setting waits longer', () => {
    const x = frames(speech('Wait, stop, what about the weekend, and the week after that?', 400));
    const a = run(new BargeInGate({ sustainMs: 150 }), x).bargeAt;
    const b = run(new BargeInGate({ sustainMs: 500 }), x).bargeAt;
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
  });
});
