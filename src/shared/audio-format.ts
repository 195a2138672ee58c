/**
 * The one audio format of the app: mono signed 16-bit little-endian PCM at 24 kHz, on the wire
 * (§2.5 `audio/pcm`), between renderer and main, and in the player. Every rate and byte count
 * derives from here.
 */
export const SAMPLE_RATE = 24_000;
export const BYTES_PER_SAMPLE = 2;
/** 48 bytes per millisecond. */
export const BYTES_PER_MS = (SAMPLE_RATE * BYTES_PER_SAMPLE) / 1000;

export function bytesToMs(bytes: number): number {
  return bytes / BYTES_PER_MS;
}

export function msToBytes(ms: number): number {
  return ms * BYTES_PER_MS;
}

export function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}
