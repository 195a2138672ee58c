import { describe, expect, it } from 'vitest';
import { createWsTransport } from '../../../src/main/realtime/wire/ws-transport';
import { expectNoErrors, faultOnce, feed, live, tone, useSimulator, waitFor } from './sim-harness';

const sim = useSimulator();

const types = (rec: { clientEvents: Array<{ event: unknown }> }) => rec.clientEvents.map((e) => (e.event as { type: string }).type);

describe('faults mid-session', () => {
  // huge-frame: a frame above the socket's limit (ws closes with 1009 rather than buffer it).
  for (const fault of ['drop-mid-response', 'close-1011-mid-response', 'huge-frame-mid-response']) {
    it(`${fault}: reconnects with a new key and re-sends the unanswered text turn`, async () => {
      const f = faultOnce();
      const l = live(sim(), { sim_scenario: 'echo', sim_fault: fault }, {}, { transportFactory: f.factory, random: () => 0 });
      await l.session.connect();
      const answer = await l.session.sendText('Are you there?');
      expect(answer).toMatchObject({ status: 'completed', text: 'You said: "Are you there?".' });
      expect(f.urls).toHaveLength(2);
      expect(new URL(f.urls[0]!).searchParams.get('key')).not.toBe(new URL(f.urls[1]!).searchParams.get('key'));
      expect(l.events.status.map((s) => s.status)).toEqual(expect.arrayContaining(['ready', 'reconnecting']));
      expect(l.events.audioFlush.length).toBeGreaterThan(0);
      const second = l.rec(1);
      expect(types(second).slice(0, 1)).toEqual(['session.update']);
      expect(types(second)).toContain('response.create');
      expectNoErrors(second);
      await l.session.close();
    });
  }

  it('history is replayed after a drop and the simulator accepts every replayed item', async () => {
    const l = live(sim(), { sim_scenario: 'echo' }, {}, { random: () => 0 });
    await l.session.connect();
    await l.session.sendText('First question');
    await l.session.sendText('Second question');
    const firstKey = l.rec().key;
    await sim().reset(); // the server goes away (1001) — unexpected for the client
    await waitFor(() => sim().sessions.length === 1 && l.session.status === 'ready', 8000, 'reconnected');
    const rec = l.rec();
    expect(rec.key).not.toBe(firstKey);
    await waitFor(() => rec.serverEventsOfType('conversation.item.done').length >= 4, 3000, 'replay acknowledged');
    const creates = rec.clientEvents.map((e) => e.event as { type: string; item?: { role: string } }).filter((e) => e.type === 'conversation.item.create');
    expect(creates.map((c) => c.item?.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(types(rec)).not.toContain('response.create');
    expectNoErrors(rec);
    const r = await l.session.sendText('Third question');
    expect(r.text).toBe('You said: "Third question".');
    await l.session.close();
  });

  it('a push-to-talk utterance held across a drop reaches the new session complete', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_transcript: 'Hello again.' }, {}, { random: () => 0 });
    await l.session.connect();
    await l.session.beginUserTurn();
    const part1 = tone(300);
    const part2 = tone(500, 4000);
    feed(l.session, part1);
    await waitFor(() => (sim().sessions[0]?.appends.length ?? 0) > 0, 2000, 'first appends');
    await sim().reset();
    feed(l.session, part2);
    const committed = l.session.commitUserTurn();
    expect(await committed).toEqual({ committed: true });
    const rec = l.rec();
    expect(Buffer.from(rec.commits[0]!.audio).equals(Buffer.concat([part1, part2]))).toBe(true);
    await waitFor(() => l.events.metrics.some((m) => m.status === 'completed'), 8000, 'answer');
    expectNoErrors(rec);
    await l.session.close();
  });

  it('fail-response and server-error: failed turn, error notice, session stays ready', async () => {
    for (const fault of ['fail-response', 'server-error']) {
      const l = live(sim(), { sim_scenario: 'echo', sim_fault: fault });
      await l.session.connect();
      const r = await l.session.sendText('hi');
      expect(r.status).toBe('failed');
      expect(l.events.notice.some((n) => n.level === 'error')).toBe(true);
      expect(l.events.metrics.at(-1)).toMatchObject({ status: 'failed' });
      expect(l.session.status).toBe('ready');
      await l.session.close();
    }
  });

  it('malformed, oversize, binary, errorType, unknown and ping frames are skipped; the turn completes', async () => {
    const l = live(sim(), {
      sim_scenario: 'echo',
      sim_fault: 'malformed-frame,oversize-frame,binary-frame',
      sim_error_type_frame: 1,
      sim_unknown_events: 1,
      sim_ping_ms: 20,
      sim_rate_limits: 1,
      sim_output_buffer_events: 1,
    });
    await l.session.connect();
    const r = await l.session.sendText('still fine?');
    expect(r).toMatchObject({ status: 'completed', text: 'You said: "still fine?".' });
    expect(l.events.status.map((s) => s.status)).toEqual(['connecting', 'ready']);
    expectNoErrors(l.rec());
    await l.session.close();
  });
});

describe('handshake failures at the upgrade', () => {
  it('401: bad_key, no retry', async () => {
    const f = faultOnce();
    const l = live(sim(), { sim_handshake: '401' }, {}, { transportFactory: f.factory });
    await expect(l.session.connect()).rejects.toMatchObject({ userError: { code: 'bad_key' }, status: 401 });
    await new Promise((r) => setTimeout(r, 1200));
    expect(f.urls).toHaveLength(1);
    expect(l.session.status).toBe('error');
  });

  it('403 (a key without permission): bad_key naming the status, no retry', async () => {
    const f = faultOnce();
    const l = live(sim(), { sim_fault: 'handshake-403' }, {}, { transportFactory: f.factory, random: () => 0 });
    await expect(l.session.connect()).rejects.toMatchObject({ userError: { code: 'bad_key', message: expect.stringMatching(/permission.*403/) }, status: 403 });
    // A retry would come after 0.5 s (backoff with random 0) and, with faultOnce, be accepted.
    await new Promise((r) => setTimeout(r, 1200));
    expect(f.urls).toHaveLength(1);
    expect(sim().sessions).toHaveLength(0);
    expect(l.session.status).toBe('error');
    expect(l.events.status.filter((s) => s.status === 'connecting')).toHaveLength(1);
  });

  it('a wrong key is a 401 too', async () => {
    const l = live(sim(), {}, { apiKey: 'd3Jvbmc6a2V5' });
    await expect(l.session.connect()).rejects.toMatchObject({ userError: { code: 'bad_key' } });
  });

  it('429: rate_limited, retried with backoff', async () => {
    const base = createWsTransport();
    const urls: string[] = [];
    const l = live(sim(), { sim_handshake: '429' }, {}, { transportFactory: (p) => (urls.push(p.url), base(p)), random: () => 0 });
    const p = l.session.connect();
    await waitFor(() => urls.length >= 2, 4000, 'retry');
    expect(l.events.status.find((s) => s.error)).toMatchObject({ error: { code: 'rate_limited' } });
    expect(l.events.status.some((s) => typeof s.nextRetryAt === 'number')).toBe(true);
    await l.session.close();
    await p;
  });

  it('500: server_error; with reconnect off, connect fails at once', async () => {
    const l = live(sim(), { sim_handshake: '500' }, { reconnect: false });
    await expect(l.session.connect()).rejects.toMatchObject({ userError: { code: 'server_error' }, status: 500 });
  });

  it('nothing listening: unreachable', async () => {
    const l = live(sim(), {}, { endpoint: 'ws://127.0.0.1:1/api/v1/realtime/session', reconnect: false });
    await expect(l.session.connect()).rejects.toMatchObject({ userError: { code: 'unreachable' } });
  });
});
