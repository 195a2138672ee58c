/**
 * Reads `window[name].chunks` (Float32Array recordings kept by a test tap in the page) as one
 * Float32Array, moved as base64: an array of numbers through page.evaluate costs ~20× the bytes.
 */
import type { Page } from '@playwright/test';

export async function readPageChunks(page: Page, name: string): Promise<Float32Array> {
  const b64 = await page.evaluate((name: string) => {
    const { chunks } = (window as unknown as Record<string, { chunks: Float32Array[] }>)[name]!;
    const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const bytes = new Uint8Array(all.buffer);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, name);
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
}
