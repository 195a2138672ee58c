/**
 * A test-only tap on the player worklet's output: what the user would hear, before the device.
 *
 * The tap is an AudioWorklet processor in the player's own context, fed by the `player-processor`
 * node, so it runs on the audio thread and sees every render quantum the player produces. (An
 * earlier tap was a ScriptProcessorNode: it runs on the page's main thread, and Chromium drops its
 * blocks when that thread is late — measured 5–7 slips per 10 s answer, and once the last 140 ms
 * before a barge-in, which made a correct truncation look wrong.) Messages from the audio thread
 * queue up instead of being dropped, so a busy main thread only delays the recording.
 *
 * Installed like the mic tap: `AudioWorklet.addModule` is patched to also load the tap module
 * (served by the test host on the page's origin, `playerTapScripts`, so the app's CSP is
 * untouched), and `AudioWorkletNode` to connect a tap node to each new player node. Specs compare
 * the recording with the PCM the simulator sent instead of trusting the player's own counters.
 */
import type { Page } from '@playwright/test';
import { readPageChunks } from './page-chunks';

const TAP_PATH = '/__test__/player-tap.worklet.js';

/** Runs in the AudioWorkletGlobalScope: records channel 0 of its input, posted in ~85 ms chunks. */
const TAP_MODULE = `
class PlayerTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buf = new Float32Array(2048);
    this.n = 0;
    this.port.onmessage = () => { this.flush(); this.port.postMessage('flushed'); };
  }
  flush() { if (this.n > 0) { this.port.postMessage(this.buf.slice(0, this.n)); this.n = 0; } }
  process(inputs) {
    const ch = (inputs[0] || [])[0];
    const len = ch ? ch.length : 128;
    for (let i = 0; i < len; i++) {
      this.buf[this.n++] = ch ? ch[i] : 0;
      if (this.n === this.buf.length) this.flush();
    }
    return true;
  }
}
registerProcessor('test-player-tap', PlayerTap);
`;

/** For the test host's `extraScripts` (the renderer fixture always serves it). */
export const playerTapScripts: Record<string, string> = { [TAP_PATH]: TAP_MODULE };

export async function installPlayerTap(page: Page): Promise<void> {
  await page.addInitScript((tapPath: string) => {
    type TapState = { chunks: Float32Array[]; nodes: AudioWorkletNode[] };
    const w = window as unknown as { __playerTap: TapState };
    const tap: TapState = { chunks: [], nodes: [] };
    w.__playerTap = tap;
    const loaded = new WeakMap<AudioWorklet, Promise<void>>();
    const origAddModule = AudioWorklet.prototype.addModule;
    AudioWorklet.prototype.addModule = async function (this: AudioWorklet, url: string | URL, options?: WorkletOptions) {
      await origAddModule.call(this, url, options);
      if (!loaded.has(this)) loaded.set(this, origAddModule.call(this, tapPath));
      await loaded.get(this);
    };
    const OrigNode = window.AudioWorkletNode;
    window.AudioWorkletNode = class extends OrigNode {
      constructor(ctx: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
        super(ctx, name, options);
        if (name !== 'player-processor') return;
        const node = new OrigNode(ctx, 'test-player-tap', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
        node.port.onmessage = (e: MessageEvent<Float32Array | string>) => {
          if (typeof e.data !== 'string') tap.chunks.push(e.data);
        };
        this.connect(node);
        node.connect(ctx.destination); // it outputs silence; a node only renders when it leads somewhere
        tap.nodes.push(node);
      }
    } as typeof AudioWorkletNode;
  }, TAP_PATH);
}

/** Everything the player has output so far (lets the last blocks through, then flushes each tap). */
export async function readPlayerTap(page: Page): Promise<Float32Array> {
  await page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 300));
    const { nodes } = (window as unknown as { __playerTap: { nodes: AudioWorkletNode[] } }).__playerTap;
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise<void>((resolve) => {
            // Replies come in order on the port: the 'flushed' marker follows the last chunk.
            node.port.addEventListener('message', function done(e: MessageEvent) {
              if (e.data !== 'flushed') return;
              node.port.removeEventListener('message', done);
              resolve();
            });
            node.port.postMessage('flush');
            setTimeout(resolve, 1000); // a closed context never answers
          }),
      ),
    );
  });
  return readPageChunks(page, '__playerTap');
}
