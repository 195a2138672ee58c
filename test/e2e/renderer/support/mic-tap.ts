/**
 * A test-only tap beside the renderer's capture worklet, fed by the same MediaStreamAudioSourceNode
 * in the same AudioContext, so it sees exactly the input quanta the capture worklet sees.
 *
 * Why: Chromium's fake capture device and its MediaStream→Web Audio FIFO drop or repeat a block
 * when the machine starves the audio thread (CI machines do; a developer machine that gives the
 * audio thread real-time priority rarely does). Those slips happen before our code. Comparing the
 * committed audio with the source file alone cannot tell them from a bug of ours; comparing it with
 * this tap can: from the source node to the wire our pipeline must be lossless, sample for sample.
 *
 * The tap is installed by patching `AudioWorklet.addModule` (to load the tap module into the same
 * context) and `createMediaStreamSource` (to connect the new source to it). Its module is served by
 * the test host on the page's own origin (`micTapScripts`), so the app's strict CSP is untouched;
 * a Playwright route cannot serve it because worklet module fetches bypass request interception.
 * The renderer fixture's `micTap` option wires both.
 */
import type { Page } from '@playwright/test';
import { readPageChunks } from './page-chunks';

const TAP_PATH = '/__test__/mic-tap.worklet.js';

/** Runs in the AudioWorkletGlobalScope: records the downmixed input, posted in ~85 ms chunks. */
const TAP_MODULE = `
class MicTap extends AudioWorkletProcessor {
  constructor() { super(); this.buf = new Float32Array(4096); this.n = 0; this.port.onmessage = () => this.flush(); }
  flush() { if (this.n > 0) { this.port.postMessage(this.buf.slice(0, this.n)); this.n = 0; } }
  process(inputs) {
    const chans = inputs[0] || [];
    const len = chans[0] ? chans[0].length : 128;
    for (let i = 0; i < len; i++) {
      let s = 0;
      for (const ch of chans) s += ch[i];
      this.buf[this.n++] = chans.length ? s / chans.length : 0;
      if (this.n === this.buf.length) this.flush();
    }
    return true;
  }
}
registerProcessor('test-mic-tap', MicTap);
`;

/** For the test host's `extraScripts`. */
export const micTapScripts: Record<string, string> = { [TAP_PATH]: TAP_MODULE };

export async function installMicTap(page: Page): Promise<void> {
  await page.addInitScript((tapPath: string) => {
    type TapState = { rate: number; chunks: Float32Array[]; arrivals: number[]; node: AudioWorkletNode | null; loaded: WeakMap<AudioWorklet, Promise<void>> };
    const w = window as unknown as { __micTap: TapState };
    const tap: TapState = { rate: 0, chunks: [], arrivals: [], node: null, loaded: new WeakMap() };
    w.__micTap = tap;
    const tapOf = new WeakMap<BaseAudioContext, AudioWorkletNode>();
    const origAddModule = AudioWorklet.prototype.addModule;
    AudioWorklet.prototype.addModule = async function (this: AudioWorklet, url: string | URL, options?: WorkletOptions) {
      await origAddModule.call(this, url, options);
      if (!tap.loaded.has(this)) tap.loaded.set(this, origAddModule.call(this, tapPath));
      await tap.loaded.get(this);
    };
    // The tap is created in the same task as the capture node, so both processors start on the same
    // render quantum: the capture worklet's resampler and the test's then see the same sample count
    // from the start, and its output can be reproduced exactly.
    const OrigNode = window.AudioWorkletNode;
    window.AudioWorkletNode = class extends OrigNode {
      constructor(ctx: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
        super(ctx, name, options);
        if (name !== 'capture-processor') return;
        const node = new OrigNode(ctx, 'test-mic-tap', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
        tap.chunks = [];
        tap.arrivals = [];
        tap.rate = ctx.sampleRate;
        tap.node?.disconnect();
        tap.node = node;
        node.port.onmessage = (e: MessageEvent<Float32Array>) => {
          if (tap.node !== node) return;
          tap.chunks.push(e.data);
          tap.arrivals.push(Date.now());
        };
        node.connect(ctx.destination);
        tapOf.set(ctx, node);
      }
    } as typeof AudioWorkletNode;
    const origCreate = AudioContext.prototype.createMediaStreamSource;
    AudioContext.prototype.createMediaStreamSource = function (this: AudioContext, stream: MediaStream) {
      const source = origCreate.call(this, stream);
      const node = tapOf.get(this);
      if (node) source.connect(node);
      return source;
    };
  }, TAP_PATH);
}

/**
 * Wall time (Date.now) at which the tap's sample `index` was captured, estimated from when the chunk
 * holding it reached the page (chunks are posted as soon as they fill, ~85 ms at 48 kHz).
 */
export async function micTapWallOf(page: Page, index: number): Promise<number> {
  return page.evaluate((index: number) => {
    const tap = (window as unknown as { __micTap: { rate: number; chunks: Float32Array[]; arrivals: number[] } }).__micTap;
    let end = 0;
    for (let i = 0; i < tap.chunks.length; i++) {
      end += tap.chunks[i]!.length;
      if (end > index) return tap.arrivals[i]! - ((end - index) / tap.rate) * 1000;
    }
    return NaN;
  }, index);
}

/** Everything the tap recorded so far, at the capture context's rate. */
export async function readMicTap(page: Page): Promise<{ rate: number; samples: Float32Array }> {
  await page.evaluate(async () => {
    (window as unknown as { __micTap: { node: AudioWorkletNode | null } }).__micTap.node?.port.postMessage('flush');
    await new Promise((r) => setTimeout(r, 200));
  });
  const rate = await page.evaluate(() => (window as unknown as { __micTap: { rate: number } }).__micTap.rate);
  return { rate, samples: await readPageChunks(page, '__micTap') };
}
