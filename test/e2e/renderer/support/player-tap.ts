/**
 * A test-only tap on the player worklet's output: what the user would hear, before the device.
 * An init script wraps AudioWorkletNode so the `player-processor` node also feeds a
 * ScriptProcessorNode (deprecated but still in Chromium, and it needs no extra module under the
 * app's CSP) that records every output block. Specs compare the recording with the PCM the
 * simulator sent, instead of trusting the player's own sample counters.
 */
import type { Page } from '@playwright/test';

export async function installPlayerTap(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __playerTap: Float32Array[] };
    w.__playerTap = [];
    const Original = window.AudioWorkletNode;
    window.AudioWorkletNode = class extends Original {
      constructor(ctx: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
        super(ctx, name, options);
        if (name !== 'player-processor') return;
        const tap = ctx.createScriptProcessor(1024, 1, 1);
        tap.onaudioprocess = (e) => w.__playerTap.push(e.inputBuffer.getChannelData(0).slice());
        this.connect(tap);
        tap.connect(ctx.destination); // a ScriptProcessor only runs when connected; it outputs silence
      }
    };
  });
}

/** Everything the player has output so far (waits for the tap's last block first). */
export async function readPlayerTap(page: Page): Promise<Float32Array> {
  await page.waitForTimeout(300);
  return new Float32Array(
    await page.evaluate(() => {
      const parts = (window as unknown as { __playerTap: Float32Array[] }).__playerTap;
      const out: number[] = [];
      for (const p of parts) for (const v of p) out.push(v);
      return out;
    }),
  );
}
