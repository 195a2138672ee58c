import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type Simulator, type SessionRecord } from '../../sim/index';
import { createWsTransport } from '../../../src/main/realtime/wire/ws-transport';
import type { TransportFactory } from '../../../src/main/realtime/wire/transport';
import { Transcriber, type TranscriberOptions } from '../../../src/main/dictation/transcriber';
import { endpointWith, faultOnce as harnessFaultOnce } from '../realtime/sim-harness';

/** Helpers shared by the dictation tests: the real client against the strict simulator over real sockets. */
export { startSimulator, type Simulator, type SessionRecord };

/** The simulator's URL with `sim_*` switches (the realtime tests' helper). */
export const endpoint = endpointWith;

/** A real ws transport that drops the given `sim_*` switches from the second connection on: the fault hits once. */
export function faultOnce(params: string[]): { factory: TransportFactory; urls: string[] } {
  return harnessFaultOnce(createWsTransport(), params);
}

export function transcriber(sim: Simulator, query: Record<string, string | number> = {}, opts: Partial<TranscriberOptions> = {}): Transcriber {
  return new Transcriber({
    endpoint: endpoint(sim, query),
    apiKey: sim.key,
    model: 'openai/gpt-4.1-mini',
    transcriptionModel: 'inworld/inworld-stt-1',
    language: 'en',
    random: () => 0,
    ...opts,
  });
}

/** `ms` of a 440 Hz tone, 24 kHz PCM16 mono: real audio bytes, content irrelevant to the scripted transcript. */
export function tone(ms: number, amplitude = 8000): Uint8Array {
  const n = Math.round((24_000 * ms) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 24_000));
  return new Uint8Array(out.buffer);
}

/** Feeds `pcm` in 40 ms frames, like the renderer's capture. */
export function feed(t: { append(b: Uint8Array): void }, pcm: Uint8Array, frameMs = 40): void {
  const step = frameMs * 48;
  for (let off = 0; off < pcm.length; off += step) t.append(pcm.subarray(off, Math.min(pcm.length, off + step)));
}

export function clientTypes(rec: SessionRecord): string[] {
  return rec.clientEvents.map((c) => (c.event as { type?: string }).type ?? '?');
}

export function clientEventsOf(rec: SessionRecord, type: string): Array<Record<string, unknown>> {
  return rec.clientEvents.map((c) => c.event as Record<string, unknown>).filter((e) => e.type === type);
}

/** One simulator for the file: started before its tests, reset before each, closed after; `use` receives it. */
export function useSimulator(use: (sim: Simulator) => void): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
    use(sim);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    await sim?.reset();
  });
}
