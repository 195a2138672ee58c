import { describe, expect, it } from 'vitest';
import { parseServerEvent } from '../../../src/shared/protocol/parse';
import { ServerEventSchema } from '../../../src/shared/protocol/server-events';

// Streamed content deltas skip zod on the hot path (parse.ts): for every shape of frame it must accept and
// reject exactly what the schema does, and produce the same event.
const values: unknown[] = [undefined, null, '', 'x', 0, 3, -1.5, Number.POSITIVE_INFINITY, true, {}, [], 'aGVsbG8='];
const fields = ['event_id', 'response_id', 'item_id', 'output_index', 'content_index', 'delta'] as const;

function frames(): string[] {
  const out: string[] = [];
  for (const field of fields) {
    for (const v of values) {
      const base: Record<string, unknown> = {
        type: 'response.output_audio.delta',
        event_id: 'e1',
        response_id: 'r1',
        item_id: 'i1',
        output_index: 0,
        content_index: 0,
        delta: 'AAAA',
        extra: { ignored: true },
      };
      if (v === undefined) delete base[field];
      else base[field] = v;
      // JSON.stringify writes Infinity as null; write 1e999 by hand so JSON.parse yields Infinity.
      out.push(v === Number.POSITIVE_INFINITY ? JSON.stringify({ ...base, [field]: 0 }).replace(`"${field}":0`, `"${field}":1e999`) : JSON.stringify(base));
      out.push(JSON.stringify({ ...base, type: 'response.audio.delta' }));
    }
  }
  return out;
}

const ALIASES: Record<string, string> = {
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.text.delta': 'response.output_text.delta',
};

describe('content delta fast path', () => {
  it.each(['response.output_audio.delta', 'response.output_audio_transcript.delta', 'response.output_text.delta'])(
    'accepts, rejects and shapes %s exactly as the schema does',
    (type) => {
      const all = frames().map((f) => f.replace('"response.output_audio.delta"', JSON.stringify(type)).replace('"response.audio.delta"', JSON.stringify(Object.keys(ALIASES).find((k) => ALIASES[k] === type))));
      expect(all.length).toBeGreaterThan(100);
      for (const raw of all) {
        const json = JSON.parse(raw) as Record<string, unknown>;
        const viaZod = ServerEventSchema.safeParse({ ...json, type });
        const result = parseServerEvent(raw);
        expect(result.ok, raw).toBe(viaZod.success);
        if (result.ok && viaZod.success) expect(result.event, raw).toEqual(viaZod.data);
        if (!result.ok) expect(result.reason, raw).toMatch(/^bad response\.[a-z_.]*delta: /);
      }
    },
  );

  it('keeps the alias of an older name', () => {
    const r = parseServerEvent(JSON.stringify({ type: 'response.audio.delta', delta: 'AAAA' }));
    expect(r).toEqual({ ok: true, alias: 'response.audio.delta', event: { type: 'response.output_audio.delta', delta: 'AAAA' } });
  });
});
