import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from './index';
import { decodeAudio, encodeAudio, HOST_WS_PATH } from './wire';
import { fakeFactory } from '../main/services/fake-session';

// A tiny stand-in for out/renderer so this test does not depend on a renderer build.
const renderer = mkdtempSync(join(tmpdir(), 'host-renderer-'));
mkdirSync(join(renderer, 'assets'));
writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./assets/app.js"></script></body></html>');
writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'host-secret-outside.txt'), 'outside');

let host: TestHost;
const { factory, sessions } = fakeFactory();

function call(ws: WebSocket, id: number, name: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return;
      const f = JSON.parse(data.toString());
      if (f.t === 'result' && f.id === id) {
        ws.off('message', onMessage);
        resolve(f.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, name, input }));
  });
}

/** Opens a bridge socket; `audio` collects binary frames from the first byte on (the host speaks first). */
function open(origin: string, audio: Array<Record<string, unknown>> = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_WS_PATH}`, { origin });
    ws.on('message', (d, bin) => {
      if (bin) audio.push(decodeAudio(new Uint8Array(d as Buffer))!);
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

beforeAll(async () => {
  host = await startTestHost({ rendererDir: renderer, sessionFactory: factory, simulatorUrl: 'ws://127.0.0.1:9/x', simulatorKey: 'sim-key-123456' });
});
afterAll(async () => {
  await host?.close();
  rmSync(renderer, { recursive: true, force: true });
});

describe('test host', () => {
  it('serves the renderer with the CSP header, a CSP meta and the bridge script first in <head>', async () => {
    const res = await fetch(host.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html.indexOf('/__host/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__host/bridge.js')).toBeLessThan(html.indexOf('assets/app.js'));
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    const js = await (await fetch(`${host.url}__host/bridge.js`)).text();
    expect(js).toContain('assistant');
  });

  it('refuses path traversal and non-GET methods', async () => {
    for (const p of ['/..%2fhost-secret-outside.txt', '/%2e%2e/host-secret-outside.txt', '/assets/..%5c..%5cx']) {
      const res = await fetch(`http://127.0.0.1:${host.port}${p}`);
      expect(res.status, p).toBe(404);
    }
    expect((await fetch(host.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a WebSocket from a foreign origin', async () => {
    await expect(open('http://evil.example')).rejects.toThrow(/403/);
  });

  it('runs calls through the validating dispatcher and streams events', async () => {
    const ws = await open(`http://127.0.0.1:${host.port}`);
    const events: string[] = [];
    ws.on('message', (d, bin) => {
      if (!bin) {
        const f = JSON.parse(d.toString());
        if (f.t === 'event') events.push(f.name);
      }
    });
    const info = await call(ws, 1, 'app.info');
    expect(info).toMatchObject({ ok: true, value: { host: 'test-host', demo: true } });
    expect(await call(ws, 2, 'session.sendText', { text: '' })).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    expect(await call(ws, 3, 'nope.nothing')).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await call(ws, 4, 'session.sendText', { text: 'hi' })).toMatchObject({ ok: true });
    expect(sessions[0]?.options.apiKey).toBe('sim-key-123456');
    const list = await call(ws, 5, 'conversation.list');
    expect((list.value as Array<{ text: string }>).map((e) => e.text)).toContain('Hello from the fake session.');
    expect(events).toContain('conversation.entry');
    expect(events).toContain('session.state');
    ws.close();
  });

  it('a one-field settings update through the dispatcher keeps every other setting', async () => {
    const ws = await open(`http://127.0.0.1:${host.port}`);
    expect(await call(ws, 1, 'settings.update', { onboardingDone: true, audio: { tailMs: 0 } })).toMatchObject({ ok: true });
    const r = await call(ws, 2, 'settings.update', { voice: 'Ashley' });
    expect(r).toMatchObject({ ok: true, value: { voice: 'Ashley', onboardingDone: true, audio: { tailMs: 0, frameMs: 40 } } });
    ws.close();
  });

  it('carries audio both ways as binary frames with raw PCM', async () => {
    const got: Array<Record<string, unknown>> = [];
    const ws = await open(`http://127.0.0.1:${host.port}`, got);
    await new Promise((r) => setTimeout(r, 50));
    expect(got[0]).toMatchObject({ kind: 'capture-mode', mode: 'push-to-talk' });
    const session = sessions[0]!;
    const pcm = new Int16Array([1, -2, 3, 32767]).buffer;
    session.emit('audio', { responseId: 'r', itemId: 'i', pcm });
    await new Promise((r) => setTimeout(r, 50));
    const out = got.find((m) => m.kind === 'out')!;
    expect([...new Int16Array(out.pcm as ArrayBuffer)]).toEqual([1, -2, 3, 32767]);

    // Mic frames reach the session's appendAudio during a push-to-talk turn.
    const press = host.controller.pttPress('hotkey');
    await new Promise((r) => setTimeout(r, 30));
    const capture = got.find((m) => m.kind === 'capture' && m.on === true)!;
    ws.send(encodeAudio({ kind: 'mic', turnId: capture.turnId as number, pcm: new Int16Array([5, 6, 7]).buffer }));
    await press;
    await new Promise((r) => setTimeout(r, 50));
    expect([...new Int16Array(session.appended.at(-1)!)]).toEqual([5, 6, 7]);
    const release = host.controller.pttRelease('hotkey');
    ws.send(encodeAudio({ kind: 'mic-end', turnId: capture.turnId as number }));
    await release;
    expect(session.callNames()).toContain('commitUserTurn');
    ws.close();
  });

  it('never writes the simulator key into the log file', async () => {
    const log = readFileSync(host.logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('sim-key-123456');
  });
});
