/** Peak of a PCM16 LE chunk as 0…1 (the overlay's level meter and the "arming" check). */
export function peakOf(pcm: Uint8Array | ArrayBuffer): number {
  const bytes = pcm instanceof Uint8Array ? pcm : new Uint8Array(pcm);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 2));
  let peak = 0;
  for (let i = 0; i < view.byteLength; i += 2) {
    const v = Math.abs(view.getInt16(i, true));
    if (v > peak) peak = v;
  }
  return peak / 32768;
}
