// Fault injection (sim_fault, sim_close_after) and tolerance probes (§1.5, §1.6, §7.6).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

async function turn(query: Record<string, string>): Promise<RawClient> {
  const c = await RawClient.ready(sim, {}, query);
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } });
  c.send({ type: 'response.create' });
  return c;
}

describe('connection faults', () => {
  it('drop-mid-response destroys the socket without a close frame (1006)', async () => {
    const c = await turn({ sim_fault: 'drop-mid-response' });
    expect((await c.closed).code).toBe(1006);
    expect(c.of('response.output_audio.delta')).toHaveLength(1);
    expect(c.of('response.done')).toHaveLength(0);
    const rec = sim.session(c.key)!;
    await vi.waitFor(() => expect(rec.open).toBe(false));
  });

  it('close-1011-mid-response closes with 1011', async () => {
    const c = await turn({ sim_fault: 'close-1011-mid-response' });
    expect((await c.closed).code).toBe(1011);
  });

  it('sim_close_after=N drops the connection after N server events', async () => {
    const c = await RawClient.connect(sim, { sim_close_after: '3' });
    c.send({ type: 'session.update', session: {} });
    c.send({ type: 'input_audio_buffer.clear' });
    c.send({ type: 'input_audio_buffer.clear' });
    expect((await c.closed).code).toBe(1006);
    expect(c.types()).toEqual(['session.created', 'session.updated', 'input_audio_buffer.cleared']);
  });
});

describe('dead peer', () => {
  /** Resolves true if a pong for an RFC 6455 ping arrives within `ms`. */
  const pongWithin = (c: RawClient, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => (c.ws.off('pong', onPong), resolve(false)), ms);
      const onPong = () => (clearTimeout(timer), resolve(true));
      c.ws.once('pong', onPong);
      c.ws.ping();
    });

  it('pings are answered until the first response completes; then silence, no pongs, socket still open', async () => {
    const c = await turn({ sim_fault: 'dead-peer', sim_ping_ms: '20' });
    expect(await pongWithin(c, 1000)).toBe(true);
    await c.waitFor('response.done');
    const rec = sim.session(c.key)!;
    await vi.waitFor(() => expect(rec.deadAt).not.toBeNull());
    const seen = c.events.length;
    expect(await pongWithin(c, 300)).toBe(false);
    c.send({ type: 'input_audio_buffer.clear' }); // would be answered with .cleared by a live server
    await new Promise((r) => setTimeout(r, 100));
    expect(c.events.length).toBe(seen); // neither the answer nor the sim_ping_ms events
    expect(rec.clientEvents.at(-1)?.event).toMatchObject({ type: 'input_audio_buffer.clear' });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.terminate();
    await vi.waitFor(() => expect(rec.open).toBe(false));
  });
});

describe('response faults', () => {
  it('fail-response ends with status failed', async () => {
    const c = await turn({ sim_fault: 'fail-response' });
    const done = await c.waitFor('response.done');
    expect(done.response).toMatchObject({ status: 'failed', status_details: { type: 'failed', error: { type: 'server_error', code: null } } });
    await c.close();
  });

  it('server-error sends Inworld\'s server_error event, then a failed response.done; the session stays usable', async () => {
    const c = await turn({ sim_fault: 'server-error' });
    const err = await c.waitFor('error');
    expect(err.error).toEqual({ type: 'server_error', code: null, message: 'Failed to read content stream.', param: null, event_id: null });
    expect((await c.waitFor('response.done')).response.status).toBe('failed');
    expect(sim.session(c.key)!.errors.map((e) => e.type)).toEqual(['server_error']);
    c.send({ type: 'input_audio_buffer.clear' });
    await c.waitFor('input_audio_buffer.cleared');
    await c.close();
  });

  it('stall keeps the response open until cancelled', async () => {
    const c = await turn({ sim_fault: 'stall' });
    await c.waitFor('response.created');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.types().at(-1)).toBe('response.created');
    c.send({ type: 'response.cancel' });
    expect((await c.waitFor('response.done')).response.status).toBe('cancelled');
    await c.close();
  });
});

describe('odd frames', () => {
  it('malformed, binary and oversize frames after session.created; the session still works', async () => {
    const c = await RawClient.ready(sim, {}, { sim_fault: 'malformed-frame,binary-frame,oversize-frame' });
    expect(c.rawFrames.some((f) => !f.binary && f.data.toString().startsWith('{"type":"response.output_audio.delta","delta":'))).toBe(true);
    expect(c.rawFrames.some((f) => f.binary)).toBe(true);
    expect(c.rawFrames.some((f) => f.data.length > 2 * 1024 * 1024)).toBe(true);
    expect(c.of('session.updated')).toHaveLength(1);
    await c.close();
  });

  it('errorType frame, unknown events, ping, rate_limits.updated', async () => {
    const c = await turn({ sim_error_type_frame: '1', sim_unknown_events: '1', sim_ping_ms: '50', sim_rate_limits: '1' });
    await c.waitFor('response.done');
    await c.waitFor('ping');
    expect((await c.waitFor('ping')).timestamp).toBeGreaterThan(Date.now() - 5000);
    const notEvent = c.events.find((e) => e.type === undefined);
    expect(notEvent).toEqual({ errorType: 'SESSION_RESOURCES_EXHAUSTED', message: expect.any(String) });
    expect(c.of('x.unknown.event').length).toBeGreaterThanOrEqual(2);
    const t = c.types();
    expect(t[t.indexOf('response.created') + 1]).toBe('rate_limits.updated');
    expect((await c.waitFor('rate_limits.updated')).rate_limits[0]).toMatchObject({ name: 'requests', limit: 1000 });
    await c.close();
  });
});
