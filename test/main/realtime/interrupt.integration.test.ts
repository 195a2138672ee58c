import { describe, expect, it } from 'vitest';
import { ClockSpeaker, expectNoErrors, expectNoLint, feed, live, silence, tone, useSimulator, waitFor } from './sim-harness';

const sim = useSimulator();

const truncates = (rec: ReturnType<ReturnType<typeof live>['rec']>) =>
  rec.clientEvents.map((e) => e.event as { type: string; audio_end_ms?: number; item_id?: string }).filter((e) => e.type === 'conversation.item.truncate');

describe('interruption against the simulator (real-time pacing)', () => {
  it('interrupt(): cancel, clear, truncate to what was heard; late deltas dropped', async () => {
    const speaker = new ClockSpeaker();
    const l = live(sim(), { sim_scenario: 'long', sim_pacing: 'realtime', sim_late_deltas: 3 }, { playback: speaker.port });
    speaker.attach(l.session);
    await l.session.connect();
    const answer = l.session.sendText('Tell me a long story');
    await waitFor(() => l.events.audio.length > 0, 5000, 'first audio');
    const tFirst = Date.now();
    await new Promise((r) => setTimeout(r, 700));
    await l.session.interrupt();
    const heardAtMost = Date.now() - tFirst + 20; // first audio was seen within one 10 ms poll
    const audioAtInterrupt = l.events.audio.length;
    const result = await answer;
    expect(result.status).toBe('cancelled');
    await waitFor(() => truncates(l.rec()).length > 0, 3000, 'truncate');
    const tr = truncates(l.rec())[0]!;
    expect(tr.audio_end_ms).toBeGreaterThanOrEqual(600);
    expect(tr.audio_end_ms).toBeLessThanOrEqual(heardAtMost);
    await new Promise((r) => setTimeout(r, 200));
    expect(l.events.audio.length).toBe(audioAtInterrupt); // late deltas never reached playback
    const a = [...l.entries().values()].find((e) => e.kind === 'message' && e.role === 'assistant');
    expect(a).toMatchObject({ interrupted: true, final: true });
    const rec = l.rec();
    const types = rec.clientEvents.map((e) => (e.event as { type: string }).type);
    expect(types.indexOf('response.cancel')).toBeLessThan(types.indexOf('conversation.item.truncate'));
    expect(types).toContain('output_audio_buffer.clear');
    expectNoErrors(rec);
    expectNoLint(rec);
    await l.session.close();
  });

  it('push-to-talk barge-in: key down while the assistant speaks', async () => {
    const speaker = new ClockSpeaker();
    const l = live(sim(), { sim_scenario: 'long', sim_pacing: 'realtime', sim_transcript: 'Stop.' }, { playback: speaker.port });
    speaker.attach(l.session);
    await l.session.connect();
    void l.session.sendText('Tell me a long story');
    await waitFor(() => l.events.audio.length > 3, 5000, 'audio');
    await l.session.beginUserTurn();
    expect(speaker.stops).toBe(1);
    feed(l.session, tone(300));
    await l.session.commitUserTurn();
    await waitFor(() => truncates(l.rec()).length > 0, 3000, 'truncate');
    await waitFor(() => l.rec().serverEventsOfType('response.created').length >= 2, 5000, 'second response');
    const rec = l.rec();
    expectNoErrors(rec, ['response_cancel_not_active']);
    expectNoLint(rec);
    await l.session.close();
  });

  it('hands-free barge-in on speech_started', async () => {
    const speaker = new ClockSpeaker();
    const l = live(sim(), { sim_scenario: 'long', sim_pacing: 'realtime' }, { mode: 'hands-free', playback: speaker.port });
    speaker.attach(l.session);
    await l.session.connect();
    void l.session.sendText('Tell me a long story');
    await waitFor(() => l.events.audio.length > 3, 5000, 'audio');
    feed(l.session, tone(400));
    feed(l.session, silence(700));
    await waitFor(() => speaker.stops > 0, 5000, 'barge-in');
    await waitFor(() => truncates(l.rec()).length > 0, 3000, 'truncate');
    expectNoErrors(l.rec(), ['response_cancel_not_active']);
    await l.session.close();
  });

  it('a stalled response can be interrupted and the session goes on', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_fault: 'stall' });
    await l.session.connect();
    const answer = l.session.sendText('hello');
    await waitFor(() => l.rec().serverEventsOfType('response.created').length > 0, 3000, 'created');
    await l.session.interrupt();
    expect((await answer).status).toBe('cancelled');
    expectNoErrors(l.rec());
    await l.session.close();
  });
});
