import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startSimulator, type Simulator, type SessionRecord } from '../../sim/index';
import { createRealtimeSession, type SessionDeps } from '../../../src/main/realtime/realtime-session';
import type { RealtimeSession, RealtimeSessionEvents, RealtimeSessionOptions } from '../../../src/main/realtime/session-api';
import { createWsTransport } from '../../../src/main/realtime/wire/ws-transport';
import type { TransportFactory } from '../../../src/main/realtime/wire/transport';
import { BASE_OPTIONS } from './scripted-transport';

/**
 * The real client (ws transport, real socket) against the strict simulator. Tests select the
 * simulator's scenario and faults with `sim_*` query parameters on the endpoint, which the client
 * must preserve.
 */
export interface Live {
  session: RealtimeSession;
  events: { [K in keyof RealtimeSessionEvents]: Array<RealtimeSessionEvents[K]> };
  /** The simulator's record of the n-th connection of this test (0 = first). */
  rec(n?: number): SessionRecord;
  entries(): Map<string, RealtimeSessionEvents['entry']>;
  assistantText(): string;
}

/**
 * One simulator for the calling test file: started before its tests, reset before each test and
 * closed after the file. Returns an accessor, since the simulator only exists once `beforeAll` ran.
 */
export function useSimulator(): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    await sim?.reset();
  });
  return () => {
    if (!sim) throw new Error('simulator not started (use it inside a test or hook)');
    return sim;
  };
}

/**
 * A real ws transport (`base`, default options unless given) that records every attempt's URL and,
 * from the second attempt on, removes the simulator's fault switches (`params`): the fault hits
 * once, the reconnect finds a healthy server.
 */
export function faultOnce(base: TransportFactory = createWsTransport(), params: readonly string[] = ['sim_fault']): { factory: TransportFactory; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    factory: (p) => {
      urls.push(p.url);
      if (urls.length === 1) return base(p);
      const u = new URL(p.url);
      for (const name of params) u.searchParams.delete(name);
      return base({ ...p, url: u.toString() });
    },
  };
}

export function endpointWith(sim: Simulator, query: Record<string, string | number> = {}): string {
  const u = new URL(sim.url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  return u.toString();
}

export function live(sim: Simulator, query: Record<string, string | number> = {}, opts: Partial<RealtimeSessionOptions> = {}, deps: SessionDeps = {}): Live {
  const session = createRealtimeSession({ ...BASE_OPTIONS, endpoint: endpointWith(sim, query), apiKey: sim.key, ...opts }, deps);
  const events: Live['events'] = { status: [], phase: [], entry: [], audio: [], audioFlush: [], metrics: [], notice: [] };
  for (const k of Object.keys(events) as Array<keyof RealtimeSessionEvents>) session.on(k, (e) => (events[k] as unknown[]).push(e));
  const entries = () => {
    const m = new Map<string, RealtimeSessionEvents['entry']>();
    for (const e of events.entry) m.set(e.id, e);
    return m;
  };
  return {
    session,
    events,
    rec: (n = 0) => {
      const r = sim.sessions[n];
      if (!r) throw new Error(`no simulator session #${n}`);
      return r;
    },
    entries,
    assistantText: () =>
      [...entries().values()]
        .filter((e) => e.kind === 'message' && e.role === 'assistant')
        .map((e) => (e.kind === 'message' ? e.text : ''))
        .join('\n'),
  };
}

/** The simulator saw no protocol error from this client. Lint is checked separately where relevant. */
export function expectNoErrors(rec: SessionRecord, allowCodes: string[] = []): void {
  const errors = rec.errors.filter((e) => !allowCodes.includes(e.code ?? ''));
  expect(errors, JSON.stringify(errors)).toEqual([]);
}

export function expectNoLint(rec: SessionRecord, allowRules: string[] = []): void {
  const lint = rec.lint.filter((l) => !allowRules.includes(l.rule));
  expect(lint, JSON.stringify(lint)).toEqual([]);
}

/** PCM16 tone (loud enough for the simulator's energy VAD) or silence. */
export function tone(ms: number, amplitude = 6000): Uint8Array {
  const n = (24_000 * ms) / 1000;
  const out = new Uint8Array(n * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < n; i++) v.setInt16(i * 2, Math.round(amplitude * Math.sin((2 * Math.PI * 220 * i) / 24_000)), true);
  return out;
}

export function silence(ms: number): Uint8Array {
  return new Uint8Array(((24_000 * ms) / 1000) * 2);
}

/** Feeds audio in 40 ms frames (the project's capture default, §3.2). */
export function feed(session: RealtimeSession, pcm: Uint8Array, frameMs = 40): void {
  const frame = frameMs * 48;
  for (let off = 0; off < pcm.length; off += frame) session.appendAudio(pcm.slice(off, off + frame));
}

export { waitFor } from '../../support/wait-for';

/**
 * A speaker that "plays" received audio in real time: an item's played samples are the wall-clock
 * time since its first chunk started, capped by what was received. This is what an output device
 * would report, so truncation values can be checked against the simulator's real-time pacing.
 */
export class ClockSpeaker {
  private items = new Map<string, { startedAt: number; receivedSamples: number }>();
  private order: string[] = [];
  stops = 0;

  attach(session: { on: Live['session']['on'] }): void {
    session.on('audio', (a) => {
      const prev = this.items.get(a.itemId);
      if (prev) prev.receivedSamples += a.pcm.byteLength / 2;
      else {
        // Queued behind the previous item: starts when that one ends.
        const last = this.order.at(-1);
        const lastItem = last ? this.items.get(last) : undefined;
        const startAfter = lastItem ? lastItem.startedAt + (lastItem.receivedSamples / 24_000) * 1000 : 0;
        this.items.set(a.itemId, { startedAt: Math.max(Date.now(), startAfter), receivedSamples: a.pcm.byteLength / 2 });
        this.order.push(a.itemId);
      }
    });
  }

  port = {
    stop: async () => {
      this.stops++;
      const now = Date.now();
      const out = [...this.items.entries()].map(([itemId, s]) => ({
        itemId,
        playedSamples: Math.max(0, Math.min(s.receivedSamples, Math.floor(((now - s.startedAt) * 24_000) / 1000))),
      }));
      this.items.clear();
      this.order = [];
      return out;
    },
  };
}
