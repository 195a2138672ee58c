// The /__sim/ HTTP control API and the CLI.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { RawClient, silencePcm, tryHandshake } from './helpers/raw-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const http = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${sim.port}${path}`, init);

describe('control API', () => {
  it('lists sessions, serves input.pcm and events, and resets', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: null } } });
    const pcm = Buffer.alloc(4800);
    for (let i = 0; i < 2400; i++) pcm.writeInt16LE((i * 37) % 20000 - 10000, i * 2);
    c.appendPcm(pcm);
    c.appendPcm(silencePcm(100));
    c.send({ type: 'input_audio_buffer.commit' });
    await c.waitFor('input_audio_buffer.committed');

    const list = (await (await http('/__sim/sessions')).json()) as { key: string; open: boolean; inputAudioBytes: number }[];
    expect(list.find((s) => s.key === c.key)).toMatchObject({ open: true, inputAudioBytes: 9600 });

    const res = await http(`/__sim/sessions/${encodeURIComponent(c.key)}/input.pcm`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(Buffer.concat([pcm, silencePcm(100)]))).toBe(true);

    const events = (await (await http(`/__sim/sessions/${encodeURIComponent(c.key)}/events`)).json()) as {
      client: { event: { type: string } }[];
      server: { event: { type: string } }[];
      commits: { bytes: number }[];
    };
    expect(events.client.map((e) => e.event.type)).toEqual(['session.update', 'input_audio_buffer.append', 'input_audio_buffer.append', 'input_audio_buffer.commit']);
    expect(events.server[0]!.event.type).toBe('session.created');
    expect(events.commits).toEqual([expect.objectContaining({ bytes: 9600 })]);

    expect((await http('/__sim/sessions/nope/events')).status).toBe(404);
    expect((await http('/__sim/reset', { method: 'POST' })).status).toBe(200);
    expect((await c.closed).code).toBe(1001);
    expect(await (await http('/__sim/sessions')).json()).toEqual([]);
  });

  it('drops a live session abruptly (no close frame), as a lost network would; 404 when none is live', async () => {
    const c = await RawClient.ready(sim, { audio: { input: { turn_detection: null } } });
    const res = await http(`/__sim/sessions/${encodeURIComponent(c.key)}/drop`, { method: 'POST' });
    expect(res.status).toBe(200);
    // 1006: the socket ended without a close handshake.
    expect((await c.closed).code).toBe(1006);
    const again = await http(`/__sim/sessions/${encodeURIComponent(c.key)}/drop`, { method: 'POST' });
    expect(again.status).toBe(404);
  });

  it('returns 404 JSON for other paths, over HTTP and upgrade', async () => {
    expect((await http('/elsewhere')).status).toBe(404);
    const r = await tryHandshake(`ws://127.0.0.1:${sim.port}/__sim/sessions`, { Authorization: `Basic ${sim.key}` });
    expect(r.status).toBe(404);
  });
});

describe('long-running (demo) settings', () => {
  it('recordPayloads:false replaces audio in recorded events; maxRecords forgets old ended sessions', async () => {
    const lean = await startSimulator({ recordPayloads: false, maxRecords: 2 });
    try {
      const keys: string[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await RawClient.ready(lean, { audio: { input: { turn_detection: null } } });
        c.appendPcm(silencePcm(100));
        await c.settle();
        keys.push(c.key);
        if (i < 2) {
          await c.close();
          await vi.waitFor(() => expect(lean.session(c.key)!.open).toBe(false));
        }
      }
      expect(lean.sessions.map((s) => s.key)).toEqual(keys.slice(1));
      const rec = lean.session(keys[2] as string)!;
      const append = rec.clientEvents.find((e) => (e.event as { type: string }).type === 'input_audio_buffer.append')!;
      expect((append.event as { audio: string }).audio).toBe('<base64: 6400 chars>');
      expect(rec.inputAudio.length).toBe(4800);
    } finally {
      await lean.close();
    }
  });
});

function startCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function banner(child: ReturnType<typeof startCli>, key: string): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/realtime\/session)/.exec(out);
      if (m && out.includes(`basic key: ${key}`)) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
  });
}

describe('CLI', () => {
  it('--set gives switches a default; a bad --set exits with code 2', async () => {
    const child = startCli(['--port', '0', '--key', 'k', '--quiet', '--set', 'sim_handshake=500']);
    const url = await banner(child, 'k');
    expect((await tryHandshake(`${url}?key=a&protocol=realtime`, { Authorization: 'Basic k' })).status).toBe(500);
    child.kill('SIGTERM');
    const bad = startCli(['--set', 'sim_nope=1']);
    expect(await new Promise((r) => bad.once('exit', r))).toBe(2);
  }, 30000);

  it('prints the URL and key, accepts connections, and exits on SIGTERM', async () => {
    const child = startCli(['--port', '0', '--key', 'cli-key', '--quiet']);
    const url = await banner(child, 'cli-key');
    const ok = await tryHandshake(`${url}?key=k&protocol=realtime`, { Authorization: 'Basic cli-key' });
    expect(ok.status).toBe(101);
    const bad = await tryHandshake(`${url}?key=k2&protocol=realtime`, { Authorization: 'Basic wrong' });
    expect(bad.status).toBe(401);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30000);
});
