import { describe, expect, it } from 'vitest';
import { ClockSpeaker, expectNoErrors, expectNoLint, feed, live, tone, useSimulator, waitFor, type Live } from './sim-harness';

/** §7.1 tolerances, one simulator switch combination at a time, over a real socket. */

const sim = useSimulator();

/** Every byte the simulator sent for an item reached the app as PCM, in order (odd chunks carried). */
function expectAudioIntact(l: Live): void {
  const rec = l.rec();
  expect(rec.outputAudio.size).toBeGreaterThan(0);
  for (const [itemId, sent] of rec.outputAudio) {
    const got = Buffer.concat(l.events.audio.filter((a) => a.itemId === itemId).map((a) => Buffer.from(a.pcm)));
    const whole = sent.length - (sent.length % 2);
    expect(got.length, itemId).toBe(whole);
    expect(got.equals(sent.subarray(0, whole)), itemId).toBe(true);
  }
}

const TEXT_COMBOS: Array<Record<string, string | number>> = [
  { sim_session_created: 'omit' },
  { sim_session_created: 'bare', sim_content: 'ga' },
  { sim_session_created: 'partial', sim_done_order: 'openai' },
  { sim_done_order: 'random', sim_duplicate_text: 1 },
  { sim_content: 'ga', sim_duplicate_text: 1, sim_usage: 'top' },
  { sim_usage: 'null', sim_audio_chunk: 'random' },
  { sim_audio_chunk: 'random', sim_done_order: 'openai', sim_content: 'ga' },
  { sim_output_buffer_events: 0, sim_clear_reply: 0 },
];

describe('text turn under server variations', () => {
  for (const combo of TEXT_COMBOS) {
    it(JSON.stringify(combo), async () => {
      const l = live(sim(), { sim_scenario: 'echo', ...combo });
      await l.session.connect();
      const r = await l.session.sendText('Check this');
      expect(r).toMatchObject({ status: 'completed', text: 'You said: "Check this".' });
      const assistants = [...l.entries().values()].filter((e) => e.kind === 'message' && e.role === 'assistant');
      expect(assistants).toHaveLength(1);
      expect(assistants[0]).toMatchObject({ text: 'You said: "Check this".', final: true });
      if (combo.sim_usage === 'top') expect(l.events.metrics.at(-1)?.usage?.totalTokens).toBeGreaterThan(0);
      if (combo.sim_usage === 'null') expect(l.events.metrics.at(-1)?.usage).toBeUndefined();
      expectAudioIntact(l);
      expectNoErrors(l.rec());
      expectNoLint(l.rec());
      await l.session.close();
    });
  }
});

const VOICE_COMBOS: Array<Record<string, string>> = [
  { sim_user_item: 'input_text' },
  { sim_transcription_timing: 'after-response' },
  { sim_transcription_deltas: 'rolling' },
  { sim_transcription_deltas: 'backspace' },
  { sim_transcription_deltas: 'none', sim_user_item: 'input_text', sim_done_order: 'openai' },
  { sim_transcribe: 'with-response', sim_transcription_timing: 'after-response', sim_transcription_deltas: 'backspace' },
];

describe('push-to-talk turn under server variations', () => {
  for (const combo of VOICE_COMBOS) {
    it(JSON.stringify(combo), async () => {
      const l = live(sim(), { sim_scenario: 'echo', sim_transcript: 'Open the calculator, please.', ...combo });
      await l.session.connect();
      await l.session.beginUserTurn();
      feed(l.session, tone(400));
      expect(await l.session.commitUserTurn()).toEqual({ committed: true });
      await waitFor(() => l.events.metrics.length > 0, 8000, 'answer');
      await waitFor(
        () => [...l.entries().values()].some((e) => e.kind === 'message' && e.role === 'user' && e.final && e.text === 'Open the calculator, please.'),
        3000,
        'final user transcript',
      );
      const users = [...l.entries().values()].filter((e) => e.kind === 'message' && e.role === 'user');
      expect(users).toHaveLength(1);
      expect(l.assistantText()).toBe('You said: "Open the calculator, please.".');
      expectNoErrors(l.rec());
      expectNoLint(l.rec());
      await l.session.close();
    });
  }
});

describe('cancellation variants', () => {
  for (const combo of [{ sim_cancel_style: 'full', sim_late_deltas: '5' }, { sim_cancel_style: 'minimal', sim_late_deltas: '0' }]) {
    it(`interrupt with ${JSON.stringify(combo)}`, async () => {
      const speaker = new ClockSpeaker();
      const l = live(sim(), { sim_scenario: 'long', sim_pacing: 'realtime', ...combo }, { playback: speaker.port });
      speaker.attach(l.session);
      await l.session.connect();
      const answer = l.session.sendText('Talk for a while');
      await waitFor(() => l.events.audio.length > 2, 5000, 'audio');
      await l.session.interrupt();
      const n = l.events.audio.length;
      expect((await answer).status).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 150));
      expect(l.events.audio.length).toBe(n);
      const a = [...l.entries().values()].find((e) => e.kind === 'message' && e.role === 'assistant');
      expect(a).toMatchObject({ final: true, interrupted: true });
      expectNoErrors(l.rec());
      await l.session.close();
    });
  }
});
