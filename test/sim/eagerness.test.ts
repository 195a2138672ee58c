// Eagerness and VAD type as the app sends them (src/main/realtime/connection/session-config.ts):
// the strict simulator accepts every combination, and eagerness really changes when a turn ends.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, espeakPcm, silencePcm } from './helpers/raw-client.js';
import { turnDetectionFor } from '../../src/main/realtime/connection/session-config.js';

let sim: Simulator;
let phrase: Buffer;
beforeAll(async () => {
  sim = await startSimulator();
  phrase = espeakPcm('turn on the lights');
});
afterAll(async () => {
  await sim.close();
});

/** Speech, a 420 ms thinking pause, more speech: how many turns does the server hear? */
async function turnsHeard(td: ReturnType<typeof turnDetectionFor>): Promise<number> {
  const c = await RawClient.ready(sim, { audio: { input: { turn_detection: td } } });
  c.appendPcm(Buffer.concat([silencePcm(200), phrase, silencePcm(420), phrase, silencePcm(1200)]));
  await c.settle();
  const n = c.of('input_audio_buffer.speech_stopped').length;
  // settle() provokes one item_not_found on purpose; anything else is a rejected config.
  const errors = c.of('error').filter((e) => !String(e.error?.message).includes('__settle__'));
  expect(errors, JSON.stringify(errors)).toHaveLength(0);
  await c.close();
  return n;
}

describe('eagerness and VAD type from the app', () => {
  for (const vad of ['semantic_vad', 'server_vad'] as const) {
    for (const bargeInMs of [0, 250]) {
      it(`${vad}, barge-in gate ${bargeInMs ? 'on' : 'off'}: accepted as sent`, async () => {
        const td = turnDetectionFor({ mode: 'hands-free', vad, vadEagerness: 'high', bargeInMs });
        const c = await RawClient.ready(sim, { audio: { input: { turn_detection: td } } });
        expect(c.of('error')).toHaveLength(0);
        expect(sim.session(c.key)!.sessionConfig).toMatchObject({ audio: { input: { turn_detection: { type: vad, interrupt_response: bargeInMs === 0 } } } });
        await c.close();
      });
    }
  }

  for (const vad of ['semantic_vad', 'server_vad'] as const) {
    it(`${vad}: high eagerness ends the turn at a 420 ms pause, low waits through it`, async () => {
      expect(await turnsHeard(turnDetectionFor({ mode: 'hands-free', vad, vadEagerness: 'high' }))).toBe(2);
      expect(await turnsHeard(turnDetectionFor({ mode: 'hands-free', vad, vadEagerness: 'low' }))).toBe(1);
    });
  }
});
