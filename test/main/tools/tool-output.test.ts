import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../../src/main/tools/parse-arguments';
import { formatToolResult, truncateUtf8 } from '../../../src/main/tools/tool-output';

describe('formatToolResult', () => {
  it('serialises values and strings as JSON', () => {
    expect(formatToolResult({ a: 1 })).toBe('{"a":1}');
    expect(formatToolResult('plain')).toBe('{"result":"plain"}');
    expect(formatToolResult(undefined)).toBe('{"ok":true}');
  });

  it('reports values that cannot be serialised instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(JSON.parse(formatToolResult(cyclic)).error).toMatch(/cannot be serialised/);
    expect(JSON.parse(formatToolResult({ n: 10n })).error).toMatch(/cannot be serialised/);
  });

  it('truncates to the byte cap as valid JSON with a note, for escape-heavy output too', () => {
    for (const payload of ['a'.repeat(40_000), '"\\'.repeat(20_000), '😀'.repeat(10_000), '\u0001'.repeat(20_000)]) {
      const out = formatToolResult({ payload }, 2048);
      expect(Buffer.byteLength(out)).toBeLessThanOrEqual(2048);
      const parsed = JSON.parse(out) as { truncated: boolean; note: string; partial: string };
      expect(parsed.truncated).toBe(true);
      expect(parsed.note).toMatch(/limit 2048/);
      expect(parsed.partial.length).toBeGreaterThan(100);
    }
  });
});

describe('truncateUtf8', () => {
  it('never splits a character', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
    expect(truncateUtf8('abc', 10)).toBe('abc');
  });
});

describe('parseArguments', () => {
  it("parses objects, treats '' and whitespace as {}, rejects the rest", () => {
    expect(parseArguments('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseArguments('')).toEqual({ ok: true, value: {} });
    expect(parseArguments('  \n')).toEqual({ ok: true, value: {} });
    expect(parseArguments('null').ok).toBe(false);
    expect(parseArguments('{').ok).toBe(false);
    expect(parseArguments('x'.repeat(300_000)).ok).toBe(false);
  });
});
