import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioOutbox } from '../../../src/main/realtime/mic/audio-outbox';
import { audioResponse, entries, flush, harness, pcm, ready, responseDone, textTurn, type Harness, type ScriptedTransport } from './scripted-transport';

afterEach(() => {
  vi.useRealTimers();
});

async function reconnectAfter(h: Harness, ms: number): Promise<ScriptedTransport> {
  const before = h.server.transports.length;
  await vi.advanceTimersByTimeAsync(ms);
  expect(h.server.transports.length).toBe(before + 1);
  const t = h.t();
  t.server({ type: 'session.created' });
  t.server({ type: 'session.updated' });
  return t;
}

/** A push-to-talk utterance of 300 ms, committed by the server as item u1. */
async function committedUtterance(h: Harness, t: ScriptedTransport): Promise<void> {
  await h.session.beginUserTurn();
  h.session.appendAudio(pcm(300));
  const committed = h.session.commitUserTurn();
  t.server({ type: 'input_audio_buffer.committed', item_id: 'u1' });
  await committed;
}

/** Total PCM bytes the client appended on this socket. */
function appendedBytes(t: ScriptedTransport): number {
  return t.all('input_audio_buffer.append').reduce((n, a) => n + Buffer.from(a.audio, 'base64').length, 0);
}

describe('reconnect (§6.8)', () => {
  it('backs off 1, 2, 4 s with jitter, uses a new key, re-sends the full update and replays history as text', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await textTurn(h, t1, 1);
    t1.drop();
    expect(h.session.status).toBe('reconnecting');
    expect(h.events.notice.at(-1)).toMatchObject({ level: 'warn' });
    const s = h.events.status.at(-1)!;
    expect(s).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(s.nextRetryAt).toBeGreaterThan(Date.now());
    // first retry fails (server still down) → next delay doubles
    h.server.outcomes = [new (await import('../../../src/main/realtime/connection/connect-errors')).ConnectError({ code: 'unreachable', message: 'x', fix: '' }, 'backoff')];
    await vi.advanceTimersByTimeAsync(750);
    expect(h.server.transports).toHaveLength(2);
    const t3 = await reconnectAfter(h, 1500);
    expect(new URL(t3.params.url).searchParams.get('key')).not.toBe(new URL(t1.params.url).searchParams.get('key'));
    expect(h.session.status).toBe('ready');
    const full = t3.all('session.update')[0]!.session;
    expect(full).toEqual(t1.all('session.update')[0]!.session);
    const replay = t3.all('conversation.item.create').map((e) => e.item);
    expect(replay).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'question 1' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'answer 1' }] },
    ]);
    expect(t3.all('response.create')).toHaveLength(0); // nothing pending
    // replayed items echoed by the server do not create new rows
    const rows = h.events.entry.length;
    t3.server({ type: 'conversation.item.added', item: { id: 'x1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'question 1' }] } });
    t3.server({ type: 'conversation.item.added', item: { id: 'x2', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'answer 1' }] } });
    expect(h.events.entry.length).toBe(rows);
    await h.session.close();
  });

  it('replays at most the last 20 items and never function-call pairs', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    for (let i = 1; i <= 12; i++) await textTurn(h, t1, i);
    t1.server({ type: 'response.created', response: { id: 'rf' } });
    t1.server({ type: 'response.output_item.added', response_id: 'rf', item: { id: 'f1', type: 'function_call', call_id: 'c1', name: 'x' } });
    t1.server(responseDone('rf', [{ id: 'f1', type: 'function_call', call_id: 'c1', name: 'x', arguments: '{}' }]));
    await flush(20);
    t1.drop();
    const t2 = await reconnectAfter(h, 750);
    const replay = t2.all('conversation.item.create');
    expect(replay).toHaveLength(20);
    expect(replay.every((e) => e.item.type === 'message')).toBe(true);
    expect(replay[0]!.item).toMatchObject({ role: 'user', content: [{ text: 'question 3' }] });
    await h.session.close();
  });

  it('text typed during the outage is delivered after the replay', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await textTurn(h, t1, 1);
    t1.drop();
    const answer = h.session.sendText('sent while offline');
    const t2 = await reconnectAfter(h, 750);
    const creates = t2.all('conversation.item.create').map((e) => (e.item.type === 'message' ? e.item.content[0] : null));
    expect(creates.map((c) => c && 'text' in c && c.text)).toEqual(['question 1', 'answer 1', 'sent while offline']);
    expect(t2.types().at(-1)).toBe('response.create');
    t2.server({ type: 'response.created', response: { id: 'r9' } });
    t2.server({ type: 'response.output_text.delta', response_id: 'r9', item_id: 'a9', delta: 'got it' });
    t2.server(responseDone('r9'));
    await expect(answer).resolves.toMatchObject({ text: 'got it', status: 'completed' });
    await h.session.close();
  });

  it('a committed voice turn whose response was lost is re-sent as text + response.create', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await committedUtterance(h, t1);
    t1.server({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', transcript: 'What time is it?' });
    for (const ev of audioResponse('r1', 'a1', ['It is ']).slice(0, 5)) t1.server(ev);
    t1.drop();
    expect(h.events.audioFlush.at(-1)).toEqual({ responseId: 'r1' });
    expect(h.events.metrics.at(-1)).toMatchObject({ responseId: 'r1', status: 'cancelled' });
    const t2 = await reconnectAfter(h, 750);
    const creates = t2.all('conversation.item.create');
    expect(creates.at(-1)!.item).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What time is it?' }] });
    expect(t2.types().at(-1)).toBe('response.create');
    // the user's row is not duplicated
    expect([...entries(h).values()].filter((e) => e.kind === 'message' && e.role === 'user')).toHaveLength(1);
    await h.session.close();
  });

  it('a committed utterance whose transcript never came is re-sent as audio, keeping its row', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await committedUtterance(h, t1);
    t1.drop();
    const t2 = await reconnectAfter(h, 750);
    expect(appendedBytes(t2)).toBe(pcm(300).length);
    expect(t2.types().filter((x) => x !== 'input_audio_buffer.append')).toEqual(['session.update', 'input_audio_buffer.commit']);
    t2.server({ type: 'input_audio_buffer.committed', item_id: 'u2' });
    expect(t2.types().at(-1)).toBe('response.create');
    t2.server({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'u2', transcript: 'Hello?' });
    const users = [...entries(h).values()].filter((e) => e.kind === 'message' && e.role === 'user');
    expect(users).toEqual([expect.objectContaining({ id: 'u1', text: 'Hello?', final: true })]);
    await h.session.close();
  });

  it('a push-to-talk turn held across a drop is re-appended in full and committed on the new socket', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await h.session.beginUserTurn();
    h.session.appendAudio(pcm(200));
    t1.drop();
    for (let i = 0; i < 30; i++) h.session.appendAudio(pcm(100)); // 3 s while offline: beyond the 2 s outbox
    const committed = h.session.commitUserTurn();
    const t2 = await reconnectAfter(h, 750);
    await vi.advanceTimersByTimeAsync(50);
    expect(appendedBytes(t2)).toBe(pcm(3200).length);
    expect(t2.types().filter((x) => x !== 'input_audio_buffer.append').slice(-1)).toEqual(['input_audio_buffer.commit']);
    t2.server({ type: 'input_audio_buffer.committed', item_id: 'u7' });
    await expect(committed).resolves.toEqual({ committed: true });
    expect(t2.types().at(-1)).toBe('response.create');
    await h.session.close();
  });

  it('an assistant replay item rejected by the server is re-sent with the output_text spelling', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    await textTurn(h, t1, 1);
    t1.drop();
    const t2 = await reconnectAfter(h, 750);
    const assistant = t2.all('conversation.item.create').find((e) => e.item.type === 'message' && e.item.role === 'assistant')!;
    t2.server({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'bad content type', param: 'item.content[0].type', event_id: assistant.event_id } });
    expect(t2.last('conversation.item.create')!.item).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'answer 1' }] });
    expect(h.events.notice.filter((n) => n.level === 'error')).toHaveLength(0);
    await h.session.close();
  });

  it('reconnects when session.updated never arrives within 10 s (§2.1 step 5)', async () => {
    vi.useFakeTimers();
    const h = harness();
    void h.session.connect();
    await vi.advanceTimersByTimeAsync(0);
    h.t().server({ type: 'session.created' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.events.status.at(-1)).toMatchObject({ status: 'connecting', error: { code: 'timeout' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.server.transports).toHaveLength(2);
    expect(h.server.transports[0]!.state).toBe('closed');
    await h.session.close();
  });

  it('recycles the socket before expires_at, at a quiet moment, without a warning', async () => {
    vi.useFakeTimers();
    // A two-minute answer with no events in between: the stalled-answer watchdog is off here.
    const h = harness({ responseTimeoutMs: 0 });
    const p = h.session.connect();
    await vi.advanceTimersByTimeAsync(0);
    const t1 = h.t();
    t1.server({ type: 'session.created' });
    t1.server({ type: 'session.updated', session: { expires_at: Math.floor(Date.now() / 1000) + 180 } });
    await p;
    await textTurn(h, t1, 1);
    t1.server({ type: 'response.created', response: { id: 'busy' } }); // a turn in progress at expiry time
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.server.transports).toHaveLength(1);
    t1.server(responseDone('busy'));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(h.server.transports).toHaveLength(2);
    expect(t1.state).toBe('closed');
    const t2 = h.t();
    t2.server({ type: 'session.created' });
    t2.server({ type: 'session.updated' });
    expect(t2.all('conversation.item.create').map((e) => e.item.type === 'message' && e.item.role)).toEqual(['user', 'assistant']);
    expect(h.events.notice.filter((n) => n.level !== 'info')).toEqual([]);
    expect(h.session.status).toBe('ready');
    await h.session.close();
  });

  it('close() stops reconnecting', async () => {
    vi.useFakeTimers();
    const h = harness();
    const t1 = await ready(h);
    t1.drop();
    await h.session.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.server.transports).toHaveLength(1);
    expect(h.session.status).toBe('offline');
  });
});

describe('audio back-pressure', () => {
  it('holds audio while the socket is congested and sends it in order once it drains', async () => {
    vi.useFakeTimers();
    const h = harness({ mode: 'hands-free' });
    const t = await ready(h);
    t.bufferedAmount = 300 * 1024;
    h.session.appendAudio(pcm(40, 1));
    h.session.appendAudio(pcm(40, 2));
    expect(t.all('input_audio_buffer.append')).toHaveLength(0);
    t.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(25);
    const got = t.all('input_audio_buffer.append').map((a) => Buffer.from(a.audio, 'base64').readInt16LE(0));
    expect(got).toEqual([1, 2]);
    await h.session.close();
  });

  it('beyond 2 s it drops the oldest audio and says how much', async () => {
    vi.useFakeTimers();
    const h = harness({ mode: 'hands-free' });
    const t = await ready(h);
    t.bufferedAmount = 1024 * 1024;
    for (let i = 0; i < 25; i++) h.session.appendAudio(pcm(100, i + 1)); // 2.5 s
    await vi.advanceTimersByTimeAsync(25);
    expect(h.events.notice.at(-1)?.message).toMatch(/500 ms of microphone audio was dropped/);
    t.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(25);
    const first = t.all('input_audio_buffer.append').map((a) => Buffer.from(a.audio, 'base64').readInt16LE(0));
    expect(first[0]).toBe(6);
    expect(first).toHaveLength(20);
    await h.session.close();
  });

  it('AudioOutbox never drops the only chunk and reports drops once', () => {
    const o = new AudioOutbox({ maxQueuedMs: 100 });
    o.hold(pcm(300));
    expect(o.size).toBe(1);
    o.hold(pcm(50));
    expect(o.size).toBe(1);
    expect(o.takeDroppedMs()).toBe(300);
    expect(o.takeDroppedMs()).toBe(0);
  });
});
