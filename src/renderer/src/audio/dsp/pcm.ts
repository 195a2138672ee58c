/**
 * PCM conversions shared by the capture and player worklets. The wire format is mono signed 16-bit
 * little-endian; Int16Array is little-endian on every platform Chromium ships on, so a typed-array
 * view over the transferred ArrayBuffer is the wire format without a DataView pass.
 */

/** Float [-1, 1] → Int16, clamped. Asymmetric scale so that -1 → -32768 and +1 → 32767 exactly. */
export function floatToPcm16(input: Float32Array, out: Int16Array, outOffset = 0): void {
  for (let i = 0; i < input.length; i++) {
    let s = input[i]!;
    // NaN must not become a click: treat it as silence.
    if (!(s === s)) s = 0;
    if (s > 1) s = 1;
    else if (s < -1) s = -1;
    out[outOffset + i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
}

/** Int16 → float [-1, 1), the inverse of floatToPcm16 for the negative half. */
export function pcm16ToFloat(input: Int16Array, out: Float32Array, outOffset = 0): void {
  for (let i = 0; i < input.length; i++) out[outOffset + i] = input[i]! / 0x8000;
}

/** Averages all channels into `out` (the mic may be stereo even when we ask for mono). */
export function downmix(channels: readonly Float32Array[], out: Float32Array): void {
  const n = out.length;
  if (channels.length === 0) {
    out.fill(0);
    return;
  }
  if (channels.length === 1) {
    out.set(channels[0]!.subarray(0, n));
    return;
  }
  const k = 1 / channels.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const ch of channels) sum += ch[i] ?? 0;
    out[i] = sum * k;
  }
}

/** Views raw wire bytes as samples; an odd trailing byte (never sent by us) is ignored. */
export function pcm16View(buffer: ArrayBuffer): Int16Array {
  return new Int16Array(buffer, 0, buffer.byteLength >> 1);
}
