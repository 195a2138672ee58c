import { describe, expect, it } from 'vitest';
import { SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-events';
import { flush, harness, ready, responseDone } from './scripted-transport';

/** Bad input from the server is logged and skipped; a broken listener or sink never breaks the session. */

function seeded(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', 'AAE=', 'resp_1', 'item_1', [], {}, [{ type: 'audio' }], { id: 'r' }, true];

describe('robustness', () => {
  it('survives thousands of random, half-valid server events and still completes a turn', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(`ERROR ${m}`) };
    const h = harness({ logger });
    const t = await ready(h);
    const rnd = seeded(42);
    const types = [...SERVER_EVENT_TYPES].filter((x) => x !== 'session.updated' && x !== 'session.created');
    const fields = ['response', 'item', 'item_id', 'response_id', 'call_id', 'delta', 'part', 'transcript', 'text', 'arguments', 'name', 'error', 'usage', 'content_index', 'audio_end_ms'];
    for (let i = 0; i < 3000; i++) {
      const ev: Record<string, unknown> = { type: types[Math.floor(rnd() * types.length)] };
      for (const f of fields) if (rnd() < 0.4) ev[f] = VALUES[Math.floor(rnd() * VALUES.length)];
      if (rnd() < 0.3) ev.response = { id: rnd() < 0.5 ? 'resp_1' : 'resp_2', status: rnd() < 0.5 ? 'cancelled' : 'completed', output: [{ id: 'item_1', type: rnd() < 0.5 ? 'function_call' : 'message', call_id: 'c', role: 'assistant' }] };
      if (rnd() < 0.3) ev.item = { id: 'item_1', type: ['message', 'function_call', 'function_call_output', 'weird'][Math.floor(rnd() * 4)], role: ['user', 'assistant', 'system'][Math.floor(rnd() * 3)], content: [{ type: 'input_audio', transcript: 'x' }] };
      expect(() => t.server(ev)).not.toThrow();
    }
    await flush(50);
    expect(warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    expect(h.session.status).toBe('ready');
    // Settle whatever the noise left active and answer every response.create it provoked (tool
    // follow-ups), as a real server would; then a normal turn still works.
    t.server(responseDone('resp_1', [], 'cancelled'));
    t.server(responseDone('resp_2', [], 'cancelled'));
    await flush(50);
    const provoked = t.all('response.create').length;
    for (let i = 0; i < provoked; i++) {
      t.server({ type: 'response.created', response: { id: `noise-${i}` } });
      t.server(responseDone(`noise-${i}`));
    }
    await flush(50);
    const p = h.session.sendText('still there?', { textOnly: true });
    await flush(10);
    t.server({ type: 'response.created', response: { id: 'final' } });
    t.server({ type: 'response.output_text.delta', response_id: 'final', item_id: 'af', delta: 'yes' });
    t.server(responseDone('final'));
    await expect(p).resolves.toMatchObject({ responseId: 'final', text: 'yes', status: 'completed' });
    await h.session.close();
  });

  it('a throwing app listener and a failing playback sink do not break interruption', async () => {
    const h = harness({
      playback: {
        stop: async () => {
          throw new Error('device gone');
        },
      },
    });
    h.session.on('entry', () => {
      throw new Error('listener bug');
    });
    const t = await ready(h);
    t.server({ type: 'response.created', response: { id: 'r1' } });
    t.server({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'a1', delta: 'hi' });
    await h.session.interrupt();
    expect(t.last('response.cancel')).toMatchObject({ response_id: 'r1' });
    expect(h.events.audioFlush.at(-1)).toEqual({ responseId: 'r1' });
    await h.session.close();
  });
});
