// Audio helpers: strict base64 (rule 10), format byte math, frame energy for the VAD, and the
// fallback signal used when espeak-ng is not installed.

import type { AudioFormat } from './session-config.js';
import { SimError } from './shape.js';

export const MAX_APPEND_BYTES = 15 * 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesPerSample(f: AudioFormat): number {
  return f.type === 'audio/pcm' ? 2 : 1;
}

export function bytesPerMs(f: AudioFormat): number {
  return (f.rate * bytesPerSample(f)) / 1000;
}

export function msOf(bytes: number, f: AudioFormat): number {
  return bytes / bytesPerMs(f);
}

/**
 * Decodes base64 audio, enforcing rules 10–12: non-empty strict RFC 4648 base64 (Node's decoder
 * silently skips junk, so the regex runs first), whole samples, at most 15 MiB.
 */
export function decodeAudio(b64: string, f: AudioFormat, param: string): Buffer {
  if (b64.length === 0) throw new SimError('invalid_value', 'Audio must not be empty', param);
  // Check the size before the (expensive) regex and decode of a huge string.
  const decodedLen = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
  if (decodedLen > MAX_APPEND_BYTES) {
    throw new SimError('invalid_value', `Audio chunk of ${decodedLen} bytes exceeds 15 MiB`, param);
  }
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw new SimError('invalid_value', 'Audio is not valid base64', param);
  const buf = Buffer.from(b64, 'base64');
  if (buf.length % bytesPerSample(f) !== 0) {
    throw new SimError('invalid_value', `Audio length ${buf.length} bytes is not a whole number of PCM16 samples`, param);
  }
  return buf;
}

/** µ-law / A-law expansion to linear 16-bit, for energy measurement only. */
function g711ToLinear(byte: number, alaw: boolean): number {
  if (alaw) {
    const a = byte ^ 0x55;
    const seg = (a & 0x70) >> 4;
    let t = (a & 0x0f) << 4;
    t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
    return a & 0x80 ? t : -t;
  }
  const u = ~byte & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** RMS of a chunk as a fraction of full scale (0..1). */
export function rms(buf: Buffer, f: AudioFormat): number {
  const n = buf.length / bytesPerSample(f);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = f.type === 'audio/pcm' ? buf.readInt16LE(i * 2) : g711ToLinear(buf[i] as number, f.type === 'audio/pcma');
    sum += v * v;
  }
  return Math.sqrt(sum / n) / 32768;
}

/**
 * Fallback "speech" when espeak-ng is missing: a clearly audible, syllable-like signal (a 220 Hz
 * tone with harmonics, amplitude-modulated at 4 Hz) of roughly the length the phrase would take to say.
 * Returned as PCM16 at `rate`.
 */
export function fallbackSpeech(text: string, rate: number): Buffer {
  const seconds = Math.max(0.6, text.length * 0.065);
  const n = Math.round(seconds * rate);
  const out = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    const v = env * (0.5 * Math.sin(2 * Math.PI * 220 * t) + 0.25 * Math.sin(2 * Math.PI * 440 * t) + 0.1 * Math.sin(2 * Math.PI * 660 * t));
    out.writeInt16LE(Math.round(v * 12000), i * 2);
  }
  return out;
}

/** Linear PCM16 → µ-law/A-law, used only when the fallback signal must be sent as G.711. */
export function linearToG711(pcm: Buffer, alaw: boolean): Buffer {
  const out = Buffer.alloc(pcm.length / 2);
  for (let i = 0; i < out.length; i++) {
    let s = pcm.readInt16LE(i * 2);
    if (alaw) {
      const sign = s >= 0 ? 0xd5 : 0x55;
      if (s < 0) s = -s - 1;
      s = Math.min(s, 32635) >> 3;
      let seg = 0;
      while (seg < 7 && s >= 32 << seg) seg++;
      const mant = seg === 0 ? s >> 1 : (s >> seg) & 0x0f;
      out[i] = ((seg << 4) | mant) ^ sign;
    } else {
      const sign = s < 0 ? 0x80 : 0;
      if (s < 0) s = -s;
      s = Math.min(s, 32635) + 0x84;
      let exp = 7;
      for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
      const mant = (s >> (exp + 3)) & 0x0f;
      out[i] = ~(sign | (exp << 4) | mant) & 0xff;
    }
  }
  return out;
}
