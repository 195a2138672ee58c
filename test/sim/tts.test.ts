// Reply audio: espeak-ng speech when available, an audible fallback signal (with a log line) when not.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { synthesize } from './tts.js';
import { espeakPcm, rmsOf, type Ev } from './helpers/raw-client.js';

describe('speech synthesis', () => {
  it('renders espeak-ng speech deterministically in the requested format', async () => {
    const a = await synthesize('Deterministic speech check', { type: 'audio/pcm', rate: 24000 });
    expect(a.engine).toBe('espeak-ng');
    expect(a.audio.equals(espeakPcm('Deterministic speech check'))).toBe(true);
    const ulaw = await synthesize('Deterministic speech check', { type: 'audio/pcmu', rate: 8000 });
    // One byte per sample at 8 kHz: a third of the 24 kHz sample count.
    expect(Math.abs(ulaw.audio.length - a.audio.length / 2 / 3)).toBeLessThan(10);
  });

  it('a phrase starting with "-" is spoken, not parsed as an option', async () => {
    const s = await synthesize('-v is not a flag', { type: 'audio/pcm', rate: 24000 });
    expect(rmsOf(s.audio)).toBeGreaterThan(0.02);
  });

  it('falls back to an audible synthetic signal and says so when espeak-ng is missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', '--port', '0', '--key', 'k', '--quiet'], {
      cwd: process.cwd(),
      env: { ...process.env, PATH: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out} ${err}`)), 15000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
      });
      const ws = new WebSocket(`${url}?key=fb&protocol=realtime`, { headers: { Authorization: 'Basic k' } });
      const events: Ev[] = [];
      const done = new Promise<void>((resolve) =>
        ws.on('message', (d: Buffer) => {
          const e = JSON.parse(d.toString()) as Ev;
          events.push(e);
          if (e.type === 'session.created') {
            ws.send(JSON.stringify({ type: 'session.update', event_id: 'u', session: {} }));
            ws.send(JSON.stringify({ type: 'conversation.item.create', event_id: 'i', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } }));
            ws.send(JSON.stringify({ type: 'response.create', event_id: 'r' }));
          }
          if (e.type === 'response.done') resolve();
        }),
      );
      await done;
      ws.close();
      const audio = Buffer.concat(events.filter((e) => e.type === 'response.output_audio.delta').map((e) => Buffer.from(e.delta as string, 'base64')));
      expect(rmsOf(audio)).toBeGreaterThan(0.05);
      expect(audio.equals(espeakPcm('You said: "Hi".'))).toBe(false);
      expect(err).toContain('espeak-ng/sox not found');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30000);
});
