/**
 * Speech fixtures for the fake microphone, made at test time with espeak-ng and sox: a 48 kHz mono
 * PCM16 WAV (what Chromium's fake capture device plays) with chosen silence before and after.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

export const FIXTURE_RATE = 48_000;

export interface SpeechFixture {
  path: string;
  /** The samples of the file as floats, at FIXTURE_RATE. */
  samples: Float32Array;
  /** Where the speech itself begins and ends in the file, ms. */
  speechStartMs: number;
  speechEndMs: number;
  durationMs: number;
}

export function makeSpeechWav(text: string, opts: { leadMs?: number; trailMs?: number } = {}): SpeechFixture {
  const lead = opts.leadMs ?? 300;
  const trail = opts.trailMs ?? 400;
  const dir = join(tmpdir(), 'inworld-desk-speech');
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha1').update(`${text}|${lead}|${trail}`).digest('hex').slice(0, 12);
  const raw = join(dir, `${id}-raw.wav`);
  const path = resolve(dir, `${id}.wav`);
  if (!existsSync(path)) {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', raw, text]);
    // Trim espeak's own leading/trailing silence so the padding we add is the only silence.
    execFileSync('sox', [raw, '-r', String(FIXTURE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', path,
      'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse',
      'pad', `${lead / 1000}`, `${trail / 1000}`, 'gain', '-n', '-3']);
  }
  const samples = readWavMono16(path);
  const durationMs = (samples.length / FIXTURE_RATE) * 1000;
  return { path, samples, speechStartMs: lead, speechEndMs: durationMs - trail, durationMs };
}

/** Reads a PCM16 mono WAV written by sox (finds the data chunk rather than assuming 44 bytes). */
export function readWavMono16(path: string): Float32Array {
  const buf = readFileSync(path);
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, buf.length - off - 8) / 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + i * 2) / 32768;
      return out;
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

export function pcm16ToFloat(bytes: Uint8Array): Float32Array {
  const n = bytes.length >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}
