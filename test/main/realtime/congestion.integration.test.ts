import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo, Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWsTransport } from '../../../src/main/realtime/wire/ws-transport';
import type { Transport } from '../../../src/main/realtime/wire/transport';
import { createRealtimeSession } from '../../../src/main/realtime/realtime-session';
import type { RealtimeSessionEvents } from '../../../src/main/realtime/session-api';
import { BASE_OPTIONS } from './scripted-transport';
import { waitFor } from './sim-harness';

/**
 * Audio back-pressure over a REAL congested socket (README "Audio back-pressure policy"); the unit
 * tests in reconnect.test.ts only fake `bufferedAmount`. A bare ws server on 127.0.0.1 makes the
 * session ready, then stops reading its TCP socket, so the kernel buffers fill and the client's
 * `ws.bufferedAmount` really grows. Minutes of audio are then pushed in well under a second.
 *
 * The PCM is a counting ramp of 32-bit frames (two int16 samples each hold one little-endian uint32
 * counter), so every 4 received bytes say exactly which moment of the stream they are, with no
 * wrap-around — 16-bit sample values would wrap every 1.4 s and make gaps ambiguous.
 */

const BYTES_PER_MS = 48; // 24 kHz × 16-bit mono
const CHUNK_MS = 40; // the capture default (§3.2)
const CHUNK_BYTES = CHUNK_MS * BYTES_PER_MS;
const FRAMES_PER_CHUNK = CHUNK_BYTES / 4;
// 23 MB of PCM (≈31 MB on the wire once base64'd): far beyond what the kernel buffers (≈4 MB here),
// and enough that an unbounded queue would visibly retain ~20 MB.
const TOTAL_S = 480;
const TOTAL_CHUNKS = (TOTAL_S * 1000) / CHUNK_MS;

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = null;
});

interface Peer {
  url: string;
  /** The TCP socket of the (single) client connection, once the session is ready and reading paused. */
  paused: Promise<Socket>;
  /** Decoded PCM of every input_audio_buffer.append received, in arrival order. */
  audio: Buffer[];
}

/**
 * Minimal Realtime peer: session.created on connect, session.updated for the first session.update
 * (enough for the client to be ready, §2.1), then it stops reading — as a server overwhelmed or
 * behind a stalled link would.
 */
async function stallingServer(): Promise<Peer> {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 0 });
  const audio: Buffer[] = [];
  let onPaused: (s: Socket) => void = () => {};
  const paused = new Promise<Socket>((r) => (onPaused = r));
  wss.on('connection', (ws: WebSocket, req) => {
    let updated = false;
    ws.on('message', (data) => {
      const ev = JSON.parse(data.toString()) as { type: string; audio?: string };
      if (ev.type === 'input_audio_buffer.append') audio.push(Buffer.from(ev.audio ?? '', 'base64'));
      if (ev.type === 'session.update' && !updated) {
        updated = true;
        ws.send(JSON.stringify({ type: 'session.updated', session: {} }), () => {
          req.socket.pause();
          onPaused(req.socket);
        });
      }
    });
    ws.send(JSON.stringify({ type: 'session.created', session: {} }));
  });
  await new Promise<void>((r) => wss!.once('listening', () => r()));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/v1/realtime/session`, paused, audio };
}

function rampChunk(index: number): Uint8Array {
  const frames = new Uint32Array(FRAMES_PER_CHUNK);
  for (let i = 0; i < FRAMES_PER_CHUNK; i++) frames[i] = index * FRAMES_PER_CHUNK + i;
  return new Uint8Array(frames.buffer);
}

/** Runs of consecutive counters in the received stream: [[first, last], …]. */
function runs(received: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let off = 0; off + 4 <= received.length; off += 4) {
    const v = received.readUInt32LE(off);
    const last = out.at(-1);
    if (last && v === last[1] + 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

/**
 * A real GC so heap figures measure what is retained, not what is merely not yet collected. vitest
 * workers run without --expose-gc; enabling it at run time is enough for a test-only measurement.
 */
function gcNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const retainedBytes = () => {
  gcNow();
  gcNow(); // a second pass frees what the first only finalised (ArrayBuffer backing stores)
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('audio back-pressure over a real congested socket', () => {
  it('keeps ≤2 s queued, drops the OLDEST audio with a notice of the lost ms, then delivers the newest in order', async () => {
    const peer = await stallingServer();
    // The real ws transport, kept in hand only to read its bufferedAmount (what the outbox gates on).
    let transport: Transport | null = null;
    const factory = createWsTransport();
    const session = createRealtimeSession(
      { ...BASE_OPTIONS, endpoint: peer.url, mode: 'hands-free', reconnect: false },
      { transportFactory: (p) => (transport = factory(p)) },
    );
    const notices: Array<RealtimeSessionEvents['notice']> = [];
    session.on('notice', (n) => notices.push(n));
    await session.connect();
    const sock = await peer.paused;
    const before = retainedBytes();
    let maxBuffered = 0;

    // Push 480 s of audio, 1 s per macrotask (a few hundred times real time), so
    // the client's 20 ms drain timer runs — and finds the socket still congested — in between.
    for (let c = 0; c < TOTAL_CHUNKS; ) {
      for (const end = Math.min(TOTAL_CHUNKS, c + 1000 / CHUNK_MS); c < end; c++) {
        session.appendAudio(rampChunk(c));
        maxBuffered = Math.max(maxBuffered, transport!.bufferedAmount);
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    await new Promise((r) => setTimeout(r, 60)); // a few drain ticks: notices for the last drops
    const during = retainedBytes();
    expect(peer.audio).toHaveLength(0); // the server really read nothing meanwhile
    // The socket really congested (past the 256 KiB high-water mark), and the client then stopped
    // writing to it: ws holds at most the mark plus the one append that crossed it.
    expect(maxBuffered).toBeGreaterThanOrEqual(256 * 1024);
    expect(maxBuffered).toBeLessThan(256 * 1024 + 4 * CHUNK_BYTES);

    const droppedMs = notices.reduce((n, e) => n + Number(/(\d+) ms of microphone audio was dropped/.exec(e.message)?.[1] ?? 0), 0);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((n) => n.level === 'warn')).toBe(true);

    // Resume reading: everything buffered (kernel, ws, outbox) now arrives.
    sock.resume();
    const lastFrame = TOTAL_CHUNKS * FRAMES_PER_CHUNK - 1;
    await waitFor(() => peer.audio.length > 0 && peer.audio.at(-1)!.readUInt32LE(peer.audio.at(-1)!.length - 4) === lastFrame, 4000, 'the newest audio to arrive');
    await new Promise((r) => setTimeout(r, 50)); // nothing more may trail it
    const received = Buffer.concat(peer.audio);
    const r = runs(received);

    // What arrives is: the stream's start (written before the socket filled up), then ONE gap — the
    // oldest of the held audio, dropped — then the newest audio up to the very last frame, in order.
    expect(r).toHaveLength(2);
    const [head, tail] = r as [[number, number], [number, number]];
    expect(head[0]).toBe(0);
    expect(tail[1]).toBe(lastFrame);
    const tailMs = ((tail[1] - tail[0] + 1) * 4) / BYTES_PER_MS;
    const gapMs = ((tail[0] - head[1] - 1) * 4) / BYTES_PER_MS;
    // The held queue was bounded to 2 s (the last chunk pushed may push it just over before trimming).
    expect(tailMs).toBeLessThanOrEqual(2000);
    expect(tailMs).toBeGreaterThan(2000 - CHUNK_MS);
    // The notices account for exactly the audio missing from the stream (≤1 ms rounding per notice).
    expect(Math.abs(gapMs - droppedMs)).toBeLessThanOrEqual(notices.length);
    expect(gapMs).toBeGreaterThan(TOTAL_S * 1000 * 0.5);
    // Memory (after a forced GC): 23 MB of PCM went in; what is retained during the stall is only the 2 s queue and
    // ws's ~256 KiB write buffer, not the backlog.
    expect(during - before).toBeLessThan(4 * 1024 * 1024);
    // Congestion is not a failure: the session stayed up throughout.
    expect(session.status).toBe('ready');
    await session.close();
  });
});
