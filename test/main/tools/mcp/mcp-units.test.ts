import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../src/shared/backoff';
import { renderContent } from '../../../../src/main/tools/mcp/mcp-connection';
import { riskOf } from '../../../../src/main/tools/mcp/mcp-tools';
import { StderrTail } from '../../../../src/main/tools/mcp/stderr-tail';
import { namespacedToolName } from '../../../../src/main/tools/mcp/tool-names';

describe('namespacedToolName', () => {
  it('keeps clean names readable', () => {
    expect(namespacedToolName('files', 'read_file')).toBe('mcp__files__read_file');
  });

  it('sanitises to [a-zA-Z0-9_-] and keeps names distinct with a hash', () => {
    const a = namespacedToolName('my server', 'get.item');
    const b = namespacedToolName('my_server', 'get_item');
    expect(a).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(b).toBe('mcp__my_server__get_item');
  });

  it('caps the length at 64, uniquely', () => {
    const long1 = namespacedToolName('server', `${'x'.repeat(80)}1`);
    const long2 = namespacedToolName('server', `${'x'.repeat(80)}2`);
    expect(long1.length).toBeLessThanOrEqual(64);
    expect(long1).not.toBe(long2);
    expect(namespacedToolName('s', 'ツール')).toMatch(/^mcp__s__[_]+_[0-9a-f]{8}$/);
  });
});

describe('riskOf', () => {
  const base = { name: 't', inputSchema: { type: 'object' as const } };
  it('maps annotations to risk', () => {
    expect(riskOf({ ...base, annotations: { readOnlyHint: true } })).toBe('read');
    expect(riskOf({ ...base, annotations: { destructiveHint: true } })).toBe('dangerous');
    expect(riskOf(base)).toBe('write');
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap', () => {
    const o = { initialMs: 1000, maxMs: 30_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, o))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('StderrTail', () => {
  it('keeps only the last N characters and the last line', () => {
    const t = new StderrTail(10);
    t.push('first line\n');
    t.push(Buffer.from('second\n\n'));
    expect(t.value()).toBe('e\nsecond\n\n');
    expect(t.lastLine()).toBe('second');
  });
});

describe('renderContent', () => {
  it('flattens text and describes other blocks', () => {
    expect(
      renderContent({
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mimeType: 'image/png', data: 'AAAA' },
          { type: 'resource', resource: { uri: 'file:///x', text: 'inline' } },
          { type: 'resource_link', uri: 'file:///y', name: 'y' },
        ],
      }),
    ).toBe('a\n[image image/png omitted]\ninline\n[link file:///y]');
    expect(renderContent({ content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
  });
});
