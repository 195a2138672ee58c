import { describe, expect, it } from 'vitest';
import { isSafeHref, parseInline, parseMarkdown, stripMarkdown } from '../../src/shared/markdown';
import { composeQuery, DEFAULT_PRESETS, findPreset, presetNeeds } from '../../src/shared/quick';

describe('parseMarkdown', () => {
  it('reads fences, headings, lists, quotes and paragraphs', () => {
    const md = '# Title\n\nSome **bold** and `code`.\nSame para.\n\n- one\n- two *em*\n\n1. first\n2. second\n\n> quoted\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nafter';
    expect(parseMarkdown(md)).toEqual([
      { type: 'heading', level: 1, inline: [{ t: 'text', text: 'Title' }] },
      { type: 'para', inline: [{ t: 'text', text: 'Some ' }, { t: 'strong', text: 'bold' }, { t: 'text', text: ' and ' }, { t: 'code', text: 'code' }, { t: 'text', text: '. Same para.' }] },
      { type: 'list', ordered: false, items: [[{ t: 'text', text: 'one' }], [{ t: 'text', text: 'two ' }, { t: 'em', text: 'em' }]] },
      { type: 'list', ordered: true, items: [[{ t: 'text', text: 'first' }], [{ t: 'text', text: 'second' }]] },
      { type: 'quote', inline: [{ t: 'text', text: 'quoted' }] },
      { type: 'code', lang: 'ts', text: 'const a = 1;\n\nconst b = 2;' },
      { type: 'para', inline: [{ t: 'text', text: 'after' }] },
    ]);
  });

  it('keeps markup as literal text and shows an unclosed (streaming) fence as code', () => {
    expect(parseMarkdown('<script>alert(1)</script> <img src=x onerror=alert(2)>')).toEqual([
      { type: 'para', inline: [{ t: 'text', text: '<script>alert(1)</script> <img src=x onerror=alert(2)>' }] },
    ]);
    expect(parseMarkdown('```\nhalf')).toEqual([{ type: 'code', lang: '', text: 'half' }]);
  });

  it('links: text and target kept apart, only http(s) targets are safe', () => {
    expect(parseInline('see [docs](https://x.test/a)')).toEqual([{ t: 'text', text: 'see ' }, { t: 'link', text: 'docs', href: 'https://x.test/a' }]);
    expect(isSafeHref('https://x.test')).toBe(true);
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref('file:///etc/passwd')).toBe(false);
  });

  it('strips to plain text for insertion', () => {
    expect(stripMarkdown('## Hi\n\nUse **`npm ci`** then [read](https://x.test).\n\n- a\n- b\n\n```sh\nls -la\n```')).toBe('Hi\n\nUse npm ci then read.\n\n- a\n- b\n\nls -la');
  });
});

describe('presets and composition', () => {
  it('finds presets by id or name and knows what they need', () => {
    expect(findPreset(DEFAULT_PRESETS, 'Fix grammar')?.id).toBe('fix-grammar');
    expect(findPreset(DEFAULT_PRESETS, 'EXPLAIN')?.id).toBe('explain');
    expect(findPreset(DEFAULT_PRESETS, 'nope')).toBeUndefined();
    expect(presetNeeds('a {clipboard} b {selection} {clipboard}')).toEqual(['clipboard', 'selection']);
  });

  it('fills the placeholder with the chip text, empty once the chip is removed, and adds what was typed', () => {
    const preset = { id: 'x', name: 'X', template: 'Explain:\n\n{selection}' };
    expect(composeQuery({ typed: '', preset, context: { kind: 'selection', text: 'E=mc²' } })).toBe('Explain:\n\nE=mc²');
    expect(composeQuery({ typed: 'in French', preset, context: { kind: 'selection', text: 'E=mc²' } })).toBe('Explain:\n\nE=mc²\n\nin French');
    expect(composeQuery({ typed: 'why?', preset })).toBe('Explain:\n\nwhy?');
    expect(composeQuery({ typed: 'what is this?', context: { kind: 'clipboard', text: 'x = 1' } })).toBe('what is this?\n\nx = 1');
    expect(composeQuery({ typed: '  hi  ' })).toBe('hi');
    // The clipboard attached to a {selection} preset takes its place.
    expect(composeQuery({ typed: '', preset, context: { kind: 'clipboard', text: 'from clip' } })).toBe('Explain:\n\nfrom clip');
    const both = { id: 'b', name: 'B', template: 'A={selection} B={clipboard}' };
    expect(composeQuery({ typed: '', preset: both, context: { kind: 'clipboard', text: 'c' } })).toBe('A= B=c');
  });
});
