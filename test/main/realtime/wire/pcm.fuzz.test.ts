/**
 * Property-based fuzzing of the PCM decoder path: base64 audio deltas of any size (odd byte counts
 * included, §3.3) → whole 16-bit samples in order with at most one byte carried, and the
 * float <-> PCM16 conversions the worklets use stay in range and round-trip.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { bytesToBase64, decodePcmDelta, SampleAligner } from '../../../../src/main/realtime/wire/pcm';
import { floatToPcm16, pcm16ToFloat, pcm16View } from '../../../../src/renderer/src/audio/dsp/pcm';

const RUNS = 10_000;

describe('PCM decoding under fuzzing', () => {
  it('any stream split into any chunks decodes to the same bytes, whole samples only, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }), (chunks) => {
        const aligner = new SampleAligner();
        const out: number[] = [];
        for (const c of chunks) {
          const bytes = new Uint8Array(decodePcmDelta(bytesToBase64(c), aligner));
          if (bytes.length % 2 !== 0) return false;
          out.push(...bytes);
        }
        const all = chunks.flatMap((c) => [...c]);
        const whole = all.length - (all.length % 2);
        return out.length === whole && out.every((b, i) => b === all[i]) && aligner.pending === (all.length % 2 === 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('garbage base64 never throws and always yields a whole-sample, exactly sized buffer of its own', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const aligner = new SampleAligner();
        const a = decodePcmDelta(s, aligner);
        const b = decodePcmDelta(s, aligner);
        return a !== b && a.byteLength % 2 === 0 && b.byteLength % 2 === 0;
      }),
      { numRuns: RUNS },
    );
  });

  it('PCM16 → float is in [-1, 1) and back is exact; float → PCM16 clamps and never emits NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 64 }), fc.array(fc.float({ noDefaultInfinity: false }), { maxLength: 64 }), (ints, floats) => {
        const pcm = Int16Array.from(ints);
        const f = new Float32Array(pcm.length);
        pcm16ToFloat(pcm, f);
        if (!f.every((x) => x >= -1 && x < 1)) return false;
        const back = new Int16Array(pcm.length);
        floatToPcm16(Float32Array.from(pcm, (s) => (s < 0 ? s / 0x8000 : s / 0x7fff)), back);
        if (!back.every((s, i) => s === pcm[i])) return false;
        const out = new Int16Array(floats.length);
        floatToPcm16(Float32Array.from(floats), out);
        return out.every((s, i) => (Number.isNaN(floats[i]) ? s === 0 : s >= -32768 && s <= 32767));
      }),
      { numRuns: RUNS },
    );
  });

  it('pcm16View ignores an odd trailing byte and reads little-endian samples', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 65 }), (bytes) => {
        const buf = new Uint8Array(bytes).buffer;
        const view = pcm16View(buf);
        if (view.length !== bytes.length >> 1) return false;
        return [...view].every((s, i) => s === ((bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) << 16) >> 16);
      }),
      { numRuns: RUNS },
    );
  });
});
