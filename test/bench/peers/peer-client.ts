/**
 * One client under comparison, in a process of its own (so RSS and heap are its own):
 * `node --expose-gc --import tsx peer-client.ts KIND URL AUDIO_BYTES`. It connects, waits until the
 * client says it is ready, then times (CPU, wall) from `response.create` to `response.done` while
 * the server streams the answer (once cold, then five warm answers whose median is the steady
 * state; PEER_WARM_ANSWERS=N), checks every audio byte arrived, and prints one JSON line.
 *
 * KIND: `ours` (createRealtimeSession as the main process uses it: PCM out, entries upserted),
 * `agents` (@openai/agents-realtime's WebSocket transport, STT model set as for Inworld),
 * `openai` (the `openai` package's OpenAIRealtimeWS), `floor` (ws frame + JSON.parse + base64 decode).
 */
import { createConnection } from 'node:net';
import WebSocket from 'ws';

type Kind = 'ours' | 'agents' | 'openai' | 'floor';
interface Run {
  /** Resolves when ready; `start()` asks for the answer and resolves with the audio bytes received. */
  ready: Promise<void>;
  start(): Promise<number>;
  close(): void;
}

const STT_MODEL = 'assemblyai/universal-streaming-multilingual';

async function ours(url: string): Promise<Run> {
  const { createRealtimeSession } = await import('../../../src/main/realtime');
  const s = createRealtimeSession({
    endpoint: url,
    apiKey: 'YmVuY2g6YmVuY2g=',
    model: 'openai/gpt-4.1-mini',
    instructions: 'bench',
    voice: 'Dennis',
    ttsModel: 'inworld-tts-1',
    transcriptionModel: STT_MODEL,
    mode: 'push-to-talk',
    reconnect: false,
  });
  let bytes = 0;
  let entries = 0;
  s.on('audio', (e) => {
    bytes += e.pcm.byteLength;
  });
  s.on('entry', () => {
    entries++;
  });
  return {
    ready: s.connect(),
    start: async () => {
      const r = await s.sendText('Tell me something long.');
      if (r.status !== 'completed') throw new Error(`ours: turn ${r.status} ${r.error ?? ''}`);
      if (entries === 0) throw new Error('ours: no entries');
      return bytes;
    },
    close: () => void s.close(),
  };
}

async function agents(url: string): Promise<Run> {
  const { OpenAIRealtimeWebSocket } = await import('@openai/agents-realtime');
  const t = new OpenAIRealtimeWebSocket({ url, useInsecureApiKey: true });
  let bytes = 0;
  t.on('audio', (e: { data: ArrayBuffer }) => {
    bytes += e.data.byteLength;
  });
  const ready = t.connect({
    apiKey: 'bench',
    model: 'openai/gpt-4.1-mini',
    initialSessionConfig: { audio: { input: { transcription: { model: STT_MODEL } } } } as never,
  });
  return {
    ready,
    start: () =>
      new Promise<number>((resolve) => {
        t.on('*', (e: { type: string }) => {
          if (e.type === 'response.done') resolve(bytes);
        });
        t.sendEvent({ type: 'response.create' } as never);
      }),
    close: () => t.close(),
  };
}

async function openai(url: string): Promise<Run> {
  const { default: OpenAI } = await import('openai');
  const { OpenAIRealtimeWS } = await import('openai/realtime/ws');
  const u = new URL(url);
  // The SDK appends /realtime?model=… and forces wss: a throwaway query swallows the suffix and a
  // plain TCP connection stands under the wss URL (as in test/sim/openai-conformance.test.ts).
  const client = new OpenAI({ apiKey: 'bench', baseURL: `http://${u.host}${u.pathname}?x=` });
  const rt = new OpenAIRealtimeWS(
    {
      model: 'openai/gpt-4.1-mini',
      options: { createConnection: ((o: { host: string; port: number }) => createConnection({ host: o.host, port: Number(o.port) })) as never },
    },
    client,
  );
  let bytes = 0;
  let done: (() => void) | undefined;
  rt.on('response.output_audio.delta', (e) => {
    bytes += Buffer.from(e.delta, 'base64').byteLength;
  });
  rt.on('response.done', () => done?.());
  const ready = new Promise<void>((resolve, reject) => {
    rt.socket.once('open', () => resolve());
    rt.socket.once('error', reject);
  });
  return {
    ready,
    start: () =>
      new Promise<number>((resolve) => {
        done = () => resolve(bytes);
        rt.send({ type: 'response.create' });
      }),
    close: () => rt.close(),
  };
}

async function floor(url: string): Promise<Run> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let bytes = 0;
  let done: (() => void) | undefined;
  ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as { type: string; delta?: string };
    if (e.type === 'response.output_audio.delta' && e.delta) bytes += Buffer.from(e.delta, 'base64').byteLength;
    else if (e.type === 'response.done') done?.();
  });
  return {
    ready: new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    start: () =>
      new Promise<number>((resolve) => {
        done = () => resolve(bytes);
        ws.send(JSON.stringify({ type: 'response.create' }));
      }),
    close: () => ws.close(),
  };
}

/** A CPU profile of the measured window only (PEER_PROFILE=file.cpuprofile), for finding the cost. */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main(): Promise<void> {
  const [kind, url, expected] = process.argv.slice(2) as [Kind, string, string];
  const make = { ours, agents, openai, floor }[kind];
  if (!make) throw new Error(`unknown client ${kind}`);
  const run = await make(url);
  await run.ready;
  await new Promise((r) => setTimeout(r, 100));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  // Two answers: the first includes each client's warm-up (JIT, schema compilation, lazy
  // requires), the second is the steady state an app running all day lives in.
  const measure = async () => {
    gc?.();
    const before = bytesSoFar;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    bytesSoFar = await run.start();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (bytesSoFar - before !== Number(expected)) throw new Error(`${kind}: received ${bytesSoFar - before} audio bytes, expected ${expected}`);
    return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
  };
  let bytesSoFar = 0;
  const cold = await measure();
  // PEER_EXTRA_ANSWERS=N: more warm answers before the measured one (for a steady-state --cpu-prof).
  for (let i = Number(process.env.PEER_EXTRA_ANSWERS ?? 0); i > 0; i--) await measure();
  // The steady state is the median of several warm answers: one answer is a few tens of
  // milliseconds of CPU, where a single GC or scheduler hiccup moves the figure by a third.
  const warmRuns: Array<{ cpuMs: number; wallMs: number }> = [];
  const profile = process.env.PEER_PROFILE ? await startProfile() : undefined;
  for (let i = Math.max(1, Number(process.env.PEER_WARM_ANSWERS ?? 5)); i > 0; i--) warmRuns.push(await measure());
  if (profile) await profile.stop(process.env.PEER_PROFILE as string);
  warmRuns.sort((a, b) => a.cpuMs - b.cpuMs);
  const warm = warmRuns[warmRuns.length >> 1] as { cpuMs: number; wallMs: number };
  gc?.();
  const mem = process.memoryUsage();
  run.close();
  process.stdout.write(
    `${JSON.stringify({ kind, cpuMs: warm.cpuMs, coldCpuMs: cold.cpuMs, wallMs: warm.wallMs, rssMb: mem.rss / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20 })}\n`,
  );
  setTimeout(() => process.exit(0), 50);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
