import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorForNetwork, errorForStatus } from '../../../../src/main/realtime/connection/connect-errors';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../../src/shared/backoff';
import { buildSessionUrl } from '../../../../src/main/realtime/wire/endpoint-url';
import { flush, harness, ready } from '../scripted-transport';

afterEach(() => {
  vi.useRealTimers();
});

describe('connection URL and auth (§1.1, §1.2)', () => {
  it('adds a fresh desk-<uuid> key and protocol=realtime, preserving existing query params', () => {
    const url = new URL(buildSessionUrl('ws://127.0.0.1:1/api/v1/realtime/session?sim_scenario=echo&sim_fault=stall'));
    expect(url.searchParams.get('sim_scenario')).toBe('echo');
    expect(url.searchParams.get('sim_fault')).toBe('stall');
    expect(url.searchParams.get('protocol')).toBe('realtime');
    expect(url.searchParams.get('key')).toMatch(/^desk-[0-9a-f-]{36}$/);
    expect(url.pathname).toBe('/api/v1/realtime/session');
  });

  it('sends Basic <key> verbatim and a new key on every connection', async () => {
    const h = harness();
    const t = await ready(h);
    expect(t.params.authorization).toBe('Basic a2V5OnNlY3JldA==');
    t.drop();
    await vi.waitFor(() => expect(h.server.transports.length).toBe(2), { timeout: 3000 });
    const k1 = new URL(h.server.transports[0]!.params.url).searchParams.get('key');
    const k2 = new URL(h.server.transports[1]!.params.url).searchParams.get('key');
    expect(k1).not.toBe(k2);
    await h.session.close();
  });
});

describe('session.update handshake (§2.1, §2.2)', () => {
  it('sends the full update on session.created and is ready at the first session.updated', async () => {
    const h = harness();
    const p = h.session.connect();
    await flush();
    const t = h.t();
    expect(t.sent).toHaveLength(0);
    t.server({ type: 'session.created', session: {} });
    expect(t.types()).toEqual(['session.update']);
    const upd = t.last('session.update')!;
    expect(upd.event_id).toBeTruthy();
    expect(upd.session).toMatchObject({
      type: 'realtime',
      model: 'openai/gpt-4.1-mini',
      instructions: 'Be brief.',
      output_modalities: ['audio', 'text'],
      providerData: { auto_tool_response: false },
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'inworld/inworld-stt-1' }, turn_detection: null },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'Clive', model: 'inworld-tts-2' },
      },
    });
    expect(JSON.stringify(upd)).not.toContain('modelId');
    expect(h.session.status).toBe('connecting');
    t.server({ type: 'session.updated', session: {} });
    await p;
    expect(h.session.status).toBe('ready');
    expect(h.events.status.map((s) => s.status)).toEqual(['connecting', 'ready']);
    await h.session.close();
  });

  it('sends session.update after 2 s when session.created never arrives (§7.1.4)', async () => {
    vi.useFakeTimers();
    const h = harness();
    void h.session.connect();
    await vi.advanceTimersByTimeAsync(1999);
    expect(h.t().sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(h.t().types()).toEqual(['session.update']);
    h.t().server({ type: 'session.created' }); // late created: must not send a second full update
    expect(h.t().types()).toEqual(['session.update']);
    await h.session.close();
  });

  it('uses semantic_vad in hands-free mode and server_vad on request', async () => {
    const h = harness({ mode: 'hands-free' });
    const t = await ready(h);
    expect(t.last('session.update')!.session.audio?.input?.turn_detection).toEqual({
      // The client's barge-in gate decides interruptions (bargeInMs defaults to 250).
      type: 'semantic_vad', eagerness: 'medium', create_response: true, interrupt_response: false,
    });
    h.session.updateOptions({ vad: 'server_vad' } as never);
    expect(t.last('session.update')!.session.audio?.input?.turn_detection).toMatchObject({ type: 'server_vad', create_response: true });
    await h.session.close();
  });

  it('sends the eagerness setting, maps it onto server_vad silence, and lets the server interrupt when the gate is off', async () => {
    const h = harness({ mode: 'hands-free', vadEagerness: 'high' } as never);
    const t = await ready(h);
    expect(t.last('session.update')!.session.audio?.input?.turn_detection).toMatchObject({ type: 'semantic_vad', eagerness: 'high' });
    const ack = () => t.server({ type: 'session.updated' });
    h.session.updateOptions({ vadEagerness: 'low' });
    expect(t.last('session.update')!.session.audio?.input?.turn_detection).toMatchObject({ type: 'semantic_vad', eagerness: 'low' });
    ack();
    h.session.updateOptions({ vad: 'server_vad' });
    const sv = t.last('session.update')!.session.audio?.input?.turn_detection;
    expect(sv).toMatchObject({ type: 'server_vad', silence_duration_ms: 800, interrupt_response: false });
    expect(sv).not.toHaveProperty('eagerness');
    ack();
    h.session.updateOptions({ bargeInMs: 0 });
    expect(t.last('session.update')!.session.audio?.input?.turn_detection).toMatchObject({ type: 'server_vad', interrupt_response: true });
    await h.session.close();
  });

  it('queues client events sent before ready and delivers them after session.updated', async () => {
    const h = harness();
    const p = h.session.connect();
    await flush();
    const t = h.t();
    const answer = h.session.sendText('hello');
    t.server({ type: 'session.created' });
    expect(t.types()).toEqual(['session.update']);
    t.server({ type: 'session.updated' });
    await p;
    expect(t.types()).toEqual(['session.update', 'conversation.item.create', 'response.create']);
    void answer;
    await h.session.close();
  });

  it('keeps one session.update in flight and coalesces later changes', async () => {
    const h = harness();
    const t = await ready(h);
    h.session.updateOptions({ voice: 'Sarah' });
    h.session.updateOptions({ model: 'google-ai-studio/gemini-2.5-flash' });
    h.session.updateOptions({ instructions: 'Answer in French.' });
    const updates = () => t.all('session.update');
    expect(updates()).toHaveLength(2);
    expect(updates()[1]!.session).toEqual({ audio: { output: { voice: 'Sarah' } } });
    t.server({ type: 'session.updated' });
    expect(updates()).toHaveLength(3);
    expect(updates()[2]!.session).toEqual({ model: 'google-ai-studio/gemini-2.5-flash', instructions: 'Answer in French.' });
    await h.session.close();
  });

  it('a rejected initial update fails connect with config_rejected and no retry (§2.1 step 4)', async () => {
    const h = harness();
    const p = h.session.connect();
    await flush();
    const t = h.t();
    t.server({ type: 'session.created' });
    const id = t.last('session.update')!.event_id;
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'Unsupported transcription model', param: 'session.audio.input.transcription.model', event_id: id } });
    await expect(p).rejects.toMatchObject({ userError: { code: 'config_rejected' } });
    expect(h.session.status).toBe('error');
    expect(h.server.transports).toHaveLength(1);
  });

  it('a rejected mid-session update becomes a notice and the session stays ready', async () => {
    const h = harness();
    const t = await ready(h);
    h.session.updateOptions({ transcriptionModel: 'bogus' });
    const id = t.last('session.update')!.event_id;
    t.server({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'bad', event_id: id } });
    expect(h.session.status).toBe('ready');
    expect(h.events.notice.at(-1)).toMatchObject({ level: 'error' });
    h.session.updateOptions({ voice: 'Sarah' });
    expect(t.last('session.update')!.session).toEqual({ audio: { output: { voice: 'Sarah' } } });
    await h.session.close();
  });
});

describe('handshake failures (§1.7)', () => {
  it('classifies status codes and network errors into user-facing errors', () => {
    expect(errorForStatus(401, '{"error":"unauthorized"}')).toMatchObject({ retry: 'never', userError: { code: 'bad_key' } });
    expect(errorForStatus(403, '')).toMatchObject({ retry: 'never', userError: { code: 'bad_key' } });
    expect(errorForStatus(429, '')).toMatchObject({ retry: 'backoff', userError: { code: 'rate_limited' } });
    expect(errorForStatus(503, '')).toMatchObject({ retry: 'backoff', userError: { code: 'server_error' } });
    expect(errorForStatus(404, 'nope')).toMatchObject({ retry: 'once', userError: { code: 'handshake_rejected' } });
    expect(errorForNetwork(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ retry: 'backoff', userError: { code: 'unreachable' } });
    expect(errorForNetwork(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }))).toMatchObject({ userError: { code: 'unreachable' } });
    expect(errorForNetwork(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toMatchObject({ userError: { code: 'tls' } });
    for (const e of [errorForStatus(401, ''), errorForNetwork(new Error('x'))]) {
      expect(e.userError.message.length).toBeGreaterThan(10);
      expect(typeof e.userError.fix).toBe('string');
    }
  });

  it('401 fails immediately without retrying', async () => {
    vi.useFakeTimers();
    const h = harness();
    h.server.outcomes = [errorForStatus(401, '')];
    const p = h.session.connect();
    await expect(p).rejects.toMatchObject({ userError: { code: 'bad_key' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.server.transports).toHaveLength(1);
    expect(h.session.status).toBe('error');
    expect(h.events.status.at(-1)).toMatchObject({ status: 'error', error: { code: 'bad_key' } });
    await expect(h.session.sendText('anyone?')).resolves.toMatchObject({ status: 'failed', error: 'not connected' });
  });

  it('429 retries with growing backoff and then connects', async () => {
    vi.useFakeTimers();
    const h = harness();
    h.server.outcomes = [errorForStatus(429, ''), errorForStatus(429, ''), 'open'];
    const p = h.session.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.server.transports).toHaveLength(1);
    const s1 = h.events.status.at(-1)!;
    expect(s1).toMatchObject({ status: 'connecting', error: { code: 'rate_limited' }, attempt: 2 });
    // random() = 0.5 → delay = 3/4 of nominal: 750 ms, then 1500 ms.
    await vi.advanceTimersByTimeAsync(749);
    expect(h.server.transports).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(h.server.transports).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1497);
    expect(h.server.transports).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3);
    expect(h.server.transports).toHaveLength(3);
    h.t().server({ type: 'session.created' });
    h.t().server({ type: 'session.updated' });
    await p;
    expect(h.session.status).toBe('ready');
    await h.session.close();
  });

  it('with reconnect off, an unreachable server fails connect at once', async () => {
    const h = harness({ reconnect: false });
    h.server.outcomes = [errorForNetwork(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))];
    await expect(h.session.connect()).rejects.toMatchObject({ userError: { code: 'unreachable' } });
    expect(h.server.transports).toHaveLength(1);
  });

  it('backoff goes 1, 2, 4 … 30 s with bounded jitter', () => {
    const nominal = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    nominal.forEach((n, i) => {
      expect(backoffDelay(i + 1, { ...RECONNECT_BACKOFF, random: () => 0 })).toBe(n / 2);
      expect(backoffDelay(i + 1, { ...RECONNECT_BACKOFF, random: () => 1 })).toBe(n);
    });
  });
});

describe('tolerance of odd frames (§1.6, §7.1)', () => {
  it('skips malformed, unknown, typeless and errorType frames and keeps working', async () => {
    const h = harness();
    const t = await ready(h);
    t.server('{not json');
    t.server({ type: 'x.unknown.event', foo: 1 });
    t.server({ hello: 1 });
    for (let i = 0; i < 3; i++) t.server({ errorType: 'SESSION_RESOURCES_EXHAUSTED' });
    t.server({ type: 'ping', timestamp: 1 });
    t.server({ type: 'rate_limits.updated', rate_limits: [{ name: 'requests', limit: 1, remaining: 1, reset_seconds: 1 }] });
    t.server({ type: 'response.backchannel.audio.delta', backchannel_id: 'b', delta: 'AAAA' });
    t.server({ type: 'output_audio_buffer.started', response_id: 'r' });
    expect(h.session.status).toBe('ready');
    expect(h.events.notice.filter((n) => /SESSION_RESOURCES_EXHAUSTED/.test(n.message))).toHaveLength(1);
    expect(h.events.audio).toHaveLength(0);
    await h.session.close();
  });
});
