import { describe, expect, it } from 'vitest';
import { parseDictateArgv } from '../../../src/main/dictation/dictate-argv';
import { appDataDir } from '../../../src/main/dictation/app-data-dir';
import { decodeWav, wavToWirePcm, WavError } from '../../../src/main/dictation/wav';
import { peakOf } from '../../../src/main/dictation/level';
import { toneWav } from './recording-inserter';

describe('--dictate argv (single-instance forwarding)', () => {
  it.each([
    [['/usr/bin/inworld-desk', '--dictate', 'toggle'], { action: 'toggle' }],
    [['electron', '.', '--dictate=cancel'], { action: 'cancel' }],
    [['x', '--dictate', 'paste-last'], { action: 'paste-last' }],
    [['x', '--hidden'], undefined],
  ])('%j', (argv, expected) => {
    expect(parseDictateArgv(argv)).toEqual(expected);
  });

  it('a bad action is an error that names the choices', () => {
    expect(parseDictateArgv(['x', '--dictate', 'louder'])).toEqual({ error: expect.stringContaining('toggle, start, stop, cancel') });
    expect(parseDictateArgv(['x', '--dictate'])).toHaveProperty('error');
  });
});

describe('app data folder (shared by the CLI and the app)', () => {
  it('per platform, overridable', () => {
    expect(appDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Inworld Desk');
    expect(appDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/Inworld Desk');
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Inworld Desk');
    expect(appDataDir({ INWORLD_DESK_DATA: '/tmp/d' }, 'linux', '/home/u')).toBe('/tmp/d');
  });
});

function wav(format: number, bits: number, channels: number, rate: number, body: Buffer, extensible = false): Buffer {
  const fmtLen = extensible ? 40 : 16;
  const h = Buffer.alloc(20 + fmtLen + 8);
  h.write('RIFF', 0);
  h.writeUInt32LE(12 + fmtLen + 8 + body.length - 8, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(fmtLen, 16);
  h.writeUInt16LE(extensible ? 0xfffe : format, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE((rate * channels * bits) / 8, 28);
  h.writeUInt16LE((channels * bits) / 8, 32);
  h.writeUInt16LE(bits, 34);
  if (extensible) h.writeUInt16LE(format, 20 + 24);
  h.write('data', 20 + fmtLen);
  h.writeUInt32LE(body.length, 24 + fmtLen);
  return Buffer.concat([h, body]);
}

describe('WAV → 24 kHz mono PCM16', () => {
  it('rates and channels: 48 kHz stereo, 16 kHz mono, 44.1 kHz', () => {
    for (const [rate, ch] of [[48_000, 2], [16_000, 1], [44_100, 1], [8_000, 6]] as const) {
      const { pcm, info } = wavToWirePcm(toneWav(500, rate, ch));
      expect(info).toMatchObject({ sampleRate: rate, channels: ch });
      expect(Math.abs(pcm.length / 2 - 12_000)).toBeLessThanOrEqual(2);
      // The tone survives: peak close to the 8000/32768 written.
      expect(peakOf(pcm.subarray(200, pcm.length - 200))).toBeGreaterThan(0.2);
    }
  });

  it('8-bit, 24-bit, float32 and extensible formats decode to the same values', () => {
    const s8 = Buffer.from([128, 192, 64]);
    expect(Array.from(decodeWav(wav(1, 8, 1, 24_000, s8)).samples)).toEqual([0, 0.5, -0.5]);
    const s24 = Buffer.from([0, 0, 0x40, 0, 0, 0xc0]);
    expect(Array.from(decodeWav(wav(1, 24, 1, 24_000, s24)).samples)).toEqual([0.5, -0.5]);
    const f = Buffer.alloc(8);
    f.writeFloatLE(0.25, 0);
    f.writeFloatLE(-0.75, 4);
    expect(Array.from(decodeWav(wav(3, 32, 1, 24_000, f, true)).samples)).toEqual([0.25, -0.75]);
    // Stereo channels are averaged.
    const st = Buffer.alloc(4);
    st.writeInt16LE(16384, 0);
    st.writeInt16LE(0, 2);
    expect(Array.from(decodeWav(wav(1, 16, 2, 24_000, st)).samples)).toEqual([0.25]);
  });

  it('bad files say what is wrong', () => {
    expect(() => decodeWav(Buffer.from('hello world!'))).toThrow(WavError);
    expect(() => decodeWav(wav(2, 4, 1, 8000, Buffer.alloc(4)))).toThrow(/unsupported WAV sample format 2/);
  });
});

describe('overlay window policy', () => {
  it('never focusable, toolbar on Linux / panel on macOS, always on top, no taskbar entry', async () => {
    const { overlayWindowOptions } = await import('../../../src/main/dictation/overlay-policy');
    expect(overlayWindowOptions('linux')).toMatchObject({ focusable: false, type: 'toolbar', alwaysOnTop: true, skipTaskbar: true, show: false, frame: false });
    expect(overlayWindowOptions('darwin')).toMatchObject({ focusable: false, type: 'panel' });
    expect(overlayWindowOptions('win32')).not.toHaveProperty('type');
  });

  it('shown while dictating, lingers on the outcome (longer when the user must act), hidden when idle', async () => {
    const { overlayLinger } = await import('../../../src/main/dictation/overlay-policy');
    expect(overlayLinger('listening')).toBe(Number.POSITIVE_INFINITY);
    expect(overlayLinger('inserted')).toBeLessThan(overlayLinger('unconfirmed'));
    expect(overlayLinger('idle')).toBe(0);
  });
});
