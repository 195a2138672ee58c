import { describe, expect, it } from 'vitest';
import { createWsTransport } from '../../../src/main/realtime/wire/ws-transport';
import type { Transport, TransportFactory } from '../../../src/main/realtime/wire/transport';
import type { SessionRecord } from '../../sim/index';
import { expectNoErrors, faultOnce, live, useSimulator, waitFor } from './sim-harness';

/**
 * Outages the client must find and ride out by itself, against the simulator over real sockets: a
 * peer that vanishes without closing (only the keep-alive can tell), and text typed while the
 * socket is down.
 */
const sim = useSimulator();

type Ev = { type: string; session?: unknown; item?: { role?: string; content?: Array<{ text?: string }> } };
const events = (rec: SessionRecord): Ev[] => rec.clientEvents.map((e) => e.event as Ev);
const createdTexts = (rec: SessionRecord, role: string): string[] =>
  events(rec)
    .filter((e) => e.type === 'conversation.item.create' && e.item?.role === role)
    .map((e) => e.item?.content?.[0]?.text ?? '');
const count = (rec: SessionRecord, type: string): number => events(rec).filter((e) => e.type === type).length;

/** Every attempt after the first waits for `gate` before dialling, so a test can act inside the outage. */
function gated(base: TransportFactory, gate: Promise<void>, urls: string[]): TransportFactory {
  return (p) => {
    urls.push(p.url);
    const t = base(p);
    if (urls.length === 1) return t;
    const proxy: Transport = {
      get state() {
        return t.state;
      },
      get bufferedAmount() {
        return t.bufferedAmount;
      },
      on: (event, listener) => t.on(event, listener),
      connect: async () => {
        await gate;
        return t.connect();
      },
      send: (e) => t.send(e),
      close: (code, reason) => t.close(code, reason),
    };
    return proxy;
  };
}

describe('outages', () => {
  it('dead peer: the keep-alive notices, reconnects with a new key and the same session.update, replays history; the turn completes', async () => {
    // Short keep-alive so the dead link is found in ~150 ms instead of 45 s.
    const f = faultOnce(createWsTransport({ pingIntervalMs: 50, maxMissedPongs: 2 }));
    const l = live(sim(), { sim_scenario: 'echo', sim_fault: 'dead-peer' }, {}, { transportFactory: f.factory, random: () => 0 });
    await l.session.connect();
    expect(await l.session.sendText('Before the outage')).toMatchObject({ status: 'completed' });
    const first = l.rec(0);
    await waitFor(() => first.deadAt !== null, 2000, 'the simulator to go dead');

    const answer = await l.session.sendText('After the outage');
    expect(answer).toMatchObject({ status: 'completed', text: 'You said: "After the outage".' });
    expect(f.urls).toHaveLength(2);
    expect(new URL(f.urls[1]!).searchParams.get('key')).not.toBe(new URL(f.urls[0]!).searchParams.get('key'));
    expect(l.events.status.map((s) => s.status)).toContain('reconnecting');
    // The client, not the silent server, ended the dead socket.
    await waitFor(() => !first.open, 2000, 'dead socket closed');
    expect(createdTexts(first, 'user')).toEqual(['Before the outage', 'After the outage']);

    const second = l.rec(1);
    const updates = (rec: SessionRecord) => events(rec).filter((e) => e.type === 'session.update').map((e) => e.session);
    expect(events(second)[0]?.type).toBe('session.update');
    expect(updates(second)[0]).toEqual(updates(first)[0]);
    // History replayed, then the unanswered turn re-sent once and answered once.
    expect(createdTexts(second, 'user')).toEqual(['Before the outage', 'After the outage']);
    expect(createdTexts(second, 'assistant')).toEqual(['You said: "Before the outage".']);
    expect(count(second, 'response.create')).toBe(1);
    expectNoErrors(second);
    await l.session.close();
  });

  it('text sent while the socket is down is delivered after the reconnect, exactly once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const urls: string[] = [];
    const l = live(sim(), { sim_scenario: 'echo' }, {}, { transportFactory: gated(createWsTransport(), gate, urls), random: () => 0 });
    await l.session.connect();
    await l.session.sendText('Before the drop');
    await sim().reset(); // the server closes with 1001: unexpected for the client
    await waitFor(() => urls.length === 2, 4000, 'the reconnect attempt');
    expect(l.session.status).toBe('reconnecting');
    expect(sim().sessions).toHaveLength(0); // really offline: the new socket is held at the gate

    const during = l.session.sendText('Typed while offline');
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await during).toMatchObject({ status: 'completed', text: 'You said: "Typed while offline".' });

    const rec = l.rec(0);
    // Replay of the old turn, then the offline text once, with one response.create for it.
    expect(createdTexts(rec, 'user')).toEqual(['Before the drop', 'Typed while offline']);
    expect(count(rec, 'response.create')).toBe(1);
    await new Promise((r) => setTimeout(r, 300)); // nothing is re-sent late either
    expect(createdTexts(rec, 'user').filter((t) => t === 'Typed while offline')).toHaveLength(1);
    expect(count(rec, 'response.create')).toBe(1);
    expect(urls).toHaveLength(2);
    expectNoErrors(rec);
    await l.session.close();
  });
});
