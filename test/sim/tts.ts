// Speech for assistant replies: espeak-ng renders the phrase, sox converts it to the session's
// output format. Results are cached per phrase and format in a temp dir shared by all simulator
// instances (tests run in parallel processes, so files are written to a temp name and renamed).
// sox runs with -D (no dither) so the same phrase always yields the same bytes, which lets tests
// compare delivered audio with an independent espeak-ng rendering.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fallbackSpeech, linearToG711 } from './audio.js';
import type { AudioFormat } from './session-config.js';

const run = promisify(execFile);
export const TTS_CACHE_DIR = join(tmpdir(), 'inworld-sim-tts');
export const ESPEAK_VOICE = 'en-us';

export interface Speech {
  audio: Buffer;
  engine: 'espeak-ng' | 'fallback';
}

let espeakChecked: Promise<boolean> | null = null;
let fallbackLogged = false;
const memo = new Map<string, Promise<Speech>>();

export function espeakAvailable(): Promise<boolean> {
  espeakChecked ??= Promise.all([run('espeak-ng', ['--version']), run('sox', ['--version'])]).then(
    () => true,
    () => false,
  );
  return espeakChecked;
}

/** sox arguments that produce raw output in `f` (shared with tests that render a reference copy). */
export function soxOutputArgs(f: AudioFormat): string[] {
  const enc = f.type === 'audio/pcm' ? ['-b', '16', '-e', 'signed-integer', '-L'] : ['-b', '8', '-e', f.type === 'audio/pcmu' ? 'u-law' : 'a-law'];
  return ['-t', 'raw', '-r', String(f.rate), '-c', '1', ...enc];
}

async function renderWithEspeak(text: string, f: AudioFormat, dest: string): Promise<Buffer> {
  const tmp = `${dest}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const wav = `${tmp}.wav`;
  try {
    // `--` stops option parsing so a phrase starting with "-" is spoken, not interpreted.
    await run('espeak-ng', ['-v', ESPEAK_VOICE, '-w', wav, '--', text]);
    await run('sox', ['-D', wav, ...soxOutputArgs(f), tmp]);
    const audio = readFileSync(tmp);
    renameSync(tmp, dest);
    return audio;
  } finally {
    rmSync(wav, { force: true });
    rmSync(tmp, { force: true });
  }
}

async function render(text: string, f: AudioFormat): Promise<Speech> {
  if (!(await espeakAvailable())) {
    if (!fallbackLogged) {
      fallbackLogged = true;
      console.warn('[sim] espeak-ng/sox not found: assistant audio is a synthetic 220 Hz syllable signal, not speech');
    }
    const pcm = fallbackSpeech(text, f.rate);
    return { audio: f.type === 'audio/pcm' ? pcm : linearToG711(pcm, f.type === 'audio/pcma'), engine: 'fallback' };
  }
  mkdirSync(TTS_CACHE_DIR, { recursive: true });
  const key = createHash('sha256').update(JSON.stringify([ESPEAK_VOICE, f.type, f.rate, text])).digest('hex').slice(0, 32);
  const dest = join(TTS_CACHE_DIR, `${key}.raw`);
  try {
    return { audio: readFileSync(dest), engine: 'espeak-ng' };
  } catch {
    return { audio: await renderWithEspeak(text, f, dest), engine: 'espeak-ng' };
  }
}

/** Speech for `text` in format `f`; concurrent requests for the same phrase share one render. */
export function synthesize(text: string, f: AudioFormat): Promise<Speech> {
  const key = `${f.type}/${f.rate}/${text}`;
  let p = memo.get(key);
  if (!p) {
    p = render(text, f);
    memo.set(key, p);
    p.catch(() => memo.delete(key));
  }
  return p;
}
