// A minimal raw `ws` client for driving the simulator in tests: records every server frame and
// lets a test wait for an event. Deliberately dumb — tests should see exactly what went over the wire.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Simulator } from '../index.js';

// Server events are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ev = Record<string, any>;

let counter = 0;
export const freshKey = (prefix = 'test'): string => `${prefix}-${process.pid}-${++counter}-${Date.now()}`;

export function sessionUrl(sim: Simulator, query: Record<string, string> = {}, key = freshKey()): string {
  const q = new URLSearchParams({ key, protocol: 'realtime', ...query });
  return `${sim.url}?${q.toString()}`;
}

export class RawClient {
  readonly events: Ev[] = [];
  readonly rawFrames: { data: Buffer; binary: boolean }[] = [];
  private listeners: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private n = 0;

  private constructor(readonly ws: WebSocket, readonly key: string) {
    ws.on('message', (data: Buffer, binary) => {
      this.rawFrames.push({ data, binary });
      if (!binary) {
        try {
          this.events.push(JSON.parse(data.toString('utf8')) as Ev);
        } catch {
          // malformed frames stay in rawFrames only
        }
      }
      for (const l of [...this.listeners]) l();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => {});
  }

  static async connect(sim: Simulator, query: Record<string, string> = {}, key = freshKey()): Promise<RawClient> {
    const ws = new WebSocket(sessionUrl(sim, query, key), { headers: { Authorization: `Basic ${sim.key}` } });
    // Listen before 'open': session.created can arrive in the same TCP read as the 101.
    const client = new RawClient(ws, key);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects, waits for session.created (unless omitted by switch) and applies `session` via session.update. */
  static async ready(sim: Simulator, session: Ev = {}, query: Record<string, string> = {}): Promise<RawClient> {
    const c = await RawClient.connect(sim, query);
    if (query.sim_session_created !== 'omit') await c.waitFor('session.created');
    c.send({ type: 'session.update', session: { type: 'realtime', ...session } });
    await c.waitFor('session.updated');
    return c;
  }

  send(ev: Ev): string {
    const withId = ev.event_id === undefined && ev.type !== 'input_audio_buffer.append' ? { event_id: `c-${++this.n}`, ...ev } : ev;
    this.ws.send(JSON.stringify(withId));
    return withId.event_id as string;
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** Appends PCM in chunks of `chunkBytes` (default 100 ms at 24 kHz). */
  appendPcm(pcm: Buffer, chunkBytes = 4800): void {
    for (let off = 0; off < pcm.length; off += chunkBytes) {
      this.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(off, off + chunkBytes).toString('base64') });
    }
  }

  of(type: string): Ev[] {
    return this.events.filter((e) => e.type === type);
  }

  types(): string[] {
    return this.events.map((e) => e.type as string);
  }

  /** Resolves with the first event at index >= `from` matching `type`/`pred`. */
  waitFor(type: string, pred: (e: Ev) => boolean = () => true, timeoutMs = 8000, from = 0): Promise<Ev> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.events.slice(from).find((e) => e.type === type && pred(e));
        if (hit) {
          cleanup();
          resolve(hit);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${type}; got ${this.types().join(', ')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      const listener = () => void check();
      this.listeners.push(listener);
      check();
    });
  }

  /** The error event whose error.event_id is `eventId`. */
  errorFor(eventId: string, timeoutMs = 3000): Promise<Ev> {
    return this.waitFor('error', (e) => e.error?.event_id === eventId, timeoutMs);
  }

  /** Resolves after the server has had a chance to answer everything sent so far (round trip via an unknown-item retrieve). */
  async settle(): Promise<void> {
    const id = this.send({ type: 'conversation.item.retrieve', item_id: '__settle__' });
    await this.errorFor(id);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    await this.closed;
  }
}

/** Raw upgrade attempt that reports the HTTP rejection (status and JSON body) or 101. */
export function tryHandshake(url: string, headers: Record<string, string>): Promise<{ status: number; body: Ev | null }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close(1000);
      resolve({ status: 101, body: null });
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Ev) : null }));
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** Renders `text` with espeak-ng + sox into raw PCM16 LE mono at `rate` (independent of the simulator's tts.ts). */
export function espeakPcm(text: string, rate = 24000): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sim-test-'));
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-w', join(dir, 'a.wav'), '--', text]);
    execFileSync('sox', ['-D', join(dir, 'a.wav'), '-t', 'raw', '-r', String(rate), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', join(dir, 'a.raw')]);
    return readFileSync(join(dir, 'a.raw'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const silencePcm = (ms: number, rate = 24000): Buffer => Buffer.alloc(Math.round((rate * ms) / 1000) * 2);

export function rmsOf(pcm: Buffer): number {
  let sum = 0;
  const n = Math.floor(pcm.length / 2);
  for (let i = 0; i < n; i++) sum += pcm.readInt16LE(i * 2) ** 2;
  return n === 0 ? 0 : Math.sqrt(sum / n) / 32768;
}

export const b64 = (buf: Buffer): string => buf.toString('base64');
