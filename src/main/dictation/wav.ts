/**
 * WAV files of any rate, channel count and common sample format (PCM 8/16/24/32-bit, IEEE float
 * 32/64, WAVE_FORMAT_EXTENSIBLE) → 24 kHz mono PCM16, the wire format (§3.1). Channels are averaged;
 * the rate is converted by linear interpolation after a box low-pass when downsampling, which is
 * plenty for speech recognition. Bad files get an error that says what is wrong.
 */
import { SAMPLE_RATE } from '../../shared/audio-format';

export const WIRE_RATE = SAMPLE_RATE;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  format: 'pcm' | 'float';
  frames: number;
}

export class WavError extends Error {}

export function decodeWav(buf: Uint8Array): { info: WavInfo; samples: Float32Array } {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (o: number) => String.fromCharCode(buf[o] ?? 0, buf[o + 1] ?? 0, buf[o + 2] ?? 0, buf[o + 3] ?? 0);
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a WAV file (no RIFF/WAVE header)');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let data: { off: number; len: number } | undefined;
  for (let off = 12; off + 8 <= buf.length; ) {
    const id = tag(off);
    const len = v.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (len < 16) throw new WavError('WAV fmt chunk is too short');
      let format = v.getUint16(body, true);
      if (format === 0xfffe && len >= 26) format = v.getUint16(body + 24, true); // extensible: sub-format GUID
      fmt = { format, channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === 'data') {
      data = { off: body, len: Math.min(len, buf.length - body) };
      break;
    }
    off = body + len + (len % 2);
  }
  if (!fmt) throw new WavError('WAV file has no fmt chunk');
  if (!data) throw new WavError('WAV file has no data chunk');
  const { format, channels, rate, bits } = fmt;
  if (channels < 1 || rate < 1000 || rate > 384_000) throw new WavError(`unsupported WAV: ${channels} channels at ${rate} Hz`);
  const isFloat = format === 3;
  if (!(format === 1 && [8, 16, 24, 32].includes(bits)) && !(isFloat && (bits === 32 || bits === 64))) {
    throw new WavError(`unsupported WAV sample format ${format} with ${bits} bits (PCM 8/16/24/32 or float 32/64 expected)`);
  }
  const bytesPer = bits / 8;
  const frames = Math.floor(data.len / (bytesPer * channels));
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const o = data.off + (f * channels + c) * bytesPer;
      sum += sampleAt(v, o, bits, isFloat);
    }
    mono[f] = sum / channels;
  }
  return { info: { sampleRate: rate, channels, bitsPerSample: bits, format: isFloat ? 'float' : 'pcm', frames }, samples: mono };
}

function sampleAt(v: DataView, o: number, bits: number, isFloat: boolean): number {
  if (isFloat) return bits === 32 ? v.getFloat32(o, true) : v.getFloat64(o, true);
  switch (bits) {
    case 8:
      return (v.getUint8(o) - 128) / 128;
    case 16:
      return v.getInt16(o, true) / 32768;
    case 24: {
      const x = v.getUint8(o) | (v.getUint8(o + 1) << 8) | (v.getInt8(o + 2) << 16);
      return x / 8388608;
    }
    default:
      return v.getInt32(o, true) / 2147483648;
  }
}

export function resample(input: Float32Array, from: number, to = WIRE_RATE): Float32Array {
  if (from === to) return input;
  let src = input;
  if (from > to) {
    // Box low-pass over the decimation ratio, so content above the new Nyquist does not alias much.
    const w = Math.max(1, Math.round(from / to));
    if (w > 1) {
      src = new Float32Array(input.length);
      let acc = 0;
      for (let i = 0; i < input.length; i++) {
        acc += input[i] as number;
        if (i >= w) acc -= input[i - w] as number;
        src[i] = acc / Math.min(i + 1, w);
      }
    }
  }
  const n = Math.floor((src.length * to) / from);
  const out = new Float32Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const k = Math.floor(x);
    const a = src[k] ?? 0;
    const b = src[Math.min(src.length - 1, k + 1)] ?? a;
    out[i] = a + (b - a) * (x - k);
  }
  return out;
}

export function toPcm16(samples: Float32Array): Uint8Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    out[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
  }
  return new Uint8Array(out.buffer);
}

/** Any WAV → 24 kHz mono PCM16 bytes. */
export function wavToWirePcm(buf: Uint8Array): { pcm: Uint8Array; info: WavInfo } {
  const { info, samples } = decodeWav(buf);
  return { pcm: toPcm16(resample(samples, info.sampleRate)), info };
}
