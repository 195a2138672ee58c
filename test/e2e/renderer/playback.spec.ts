/**
 * What the player outputs is the assistant's audio, sample for sample. An init script taps the
 * player worklet's output with a ScriptProcessorNode (deprecated but still in Chromium, and it needs
 * no extra module under the CSP) and the recording is compared with the PCM the simulator sent.
 */
import { test, expect } from './support/fixture';
import { answerAudio, expectPlayed, liveSession, openApp, waitReady } from './support/page-helpers';
import { align } from './support/waveform';

test('the answer is played exactly as the simulator sent it', async ({ page, host, sim }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __tap: Float32Array[] };
    w.__tap = [];
    const Original = window.AudioWorkletNode;
    window.AudioWorkletNode = class extends Original {
      constructor(ctx: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
        super(ctx, name, options);
        if (name !== 'player-processor') return;
        const tap = ctx.createScriptProcessor(1024, 1, 1);
        tap.onaudioprocess = (e) => w.__tap.push(e.inputBuffer.getChannelData(0).slice());
        this.connect(tap);
        tap.connect(ctx.destination); // a ScriptProcessor only runs when connected; it outputs silence
      }
    };
  });
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Say something I can listen to');
  await page.getByTestId('text-input').press('Enter');
  const session = await liveSession(sim);
  const answer = await answerAudio(session);
  await expectPlayed(page, answer.itemId, answer.samples);
  await page.waitForTimeout(300); // let the tap's last buffer arrive

  const tapped = new Float32Array(await page.evaluate(() => {
    const parts = (window as unknown as { __tap: Float32Array[] }).__tap;
    const out: number[] = [];
    for (const p of parts) for (const v of p) out.push(v);
    return out;
  }));
  const sent = session.outputAudio.get(answer.itemId)!;
  const reference = new Float32Array(sent.length >> 1).map((_, i) => sent.readInt16LE(i * 2) / 32768);
  const a = align(tapped, reference, 0, tapped.length - reference.length);
  test.info().annotations.push({ type: 'playback', description: `ncc ${a.ncc.toFixed(5)}, coverage ${a.coverage.toFixed(4)}` });
  expect(a.coverage, 'every sample was played').toBeGreaterThan(0.999);
  expect(a.ncc, 'and played unchanged, in order').toBeGreaterThan(0.999);
});
