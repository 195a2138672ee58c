import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWebUrl } from '../../../src/main/tools/builtin/open-url';
import { builtinHarness, type BuiltinHarness } from './builtin-harness';
import { call, collectUpdates, never, parse } from './helpers';

let h: BuiltinHarness;
beforeEach(() => {
  h = builtinHarness();
});
afterEach(() => h.cleanup());

describe('default tool set', () => {
  it('offers the safe tools by default and hides folder tools and run_command until configured', () => {
    const names = h.runtime.definitions().map((d) => d.name);
    expect(names).toEqual(['get_datetime', 'clipboard_read', 'clipboard_write', 'open_url', 'system_info', 'notes_append', 'notes_search']);
    const policies = Object.fromEntries(h.runtime.listTools().map((t) => [t.name, t.policy]));
    expect(policies).toMatchObject({
      get_datetime: 'allow', clipboard_read: 'allow', clipboard_write: 'ask', open_url: 'ask', system_info: 'allow',
      notes_append: 'ask', notes_search: 'allow', read_text_file: 'allow', open_path: 'ask', run_command: 'ask',
    });
  });
});

describe('get_datetime', () => {
  it('returns ISO time and the local time zone', async () => {
    const before = Date.now();
    const out = parse(await h.runtime.execute(call('get_datetime', ''), never()));
    expect(Date.parse(String(out.iso))).toBeGreaterThanOrEqual(before - 1000);
    expect(out.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(String(out.utcOffset)).toMatch(/^[+-]\d{2}:\d{2}$/);
  });

  it('converts to a requested zone and rejects an unknown one', async () => {
    const out = parse(await h.runtime.execute(call('get_datetime', { timeZone: 'Asia/Kolkata' }), never()));
    expect(out).toMatchObject({ timeZone: 'Asia/Kolkata', utcOffset: '+05:30' });
    const bad = parse(await h.runtime.execute(call('get_datetime', { timeZone: 'Mars/Olympus' }), never()));
    expect(bad.error).toMatch(/unknown time zone/);
  });
});

describe('clipboard tools', () => {
  it('reads and writes through the clipboard port; writing asks first', async () => {
    h.ports.recorded.clipboard = 'copied text';
    expect(parse(await h.runtime.execute(call('clipboard_read'), never()))).toEqual({ text: 'copied text', length: 11 });
    expect(h.requests).toHaveLength(0);
    await h.runtime.execute(call('clipboard_write', { text: 'new' }), never());
    expect(h.ports.recorded.clipboard).toBe('new');
    expect(h.requests[0]?.summary).toBe('Replace the clipboard with: "new"');
  });

  it('does not write when denied, and caps a huge clipboard', async () => {
    h.setDecision('deny');
    await h.runtime.execute(call('clipboard_write', { text: 'nope' }), never());
    expect(h.ports.recorded.clipboard).toBe('');
    h.ports.recorded.clipboard = 'x'.repeat(100_000);
    const out = parse(await h.runtime.execute(call('clipboard_read'), never()));
    expect(out).toMatchObject({ truncated: true, length: 100_000 });
    expect(String(out.text).length).toBeLessThan(16_384);
  });
});

describe('clipboard_write: bad arguments', () => {
  it.each([
    ['a number', { text: 42 }, 'expected string, received number'],
    ['an object', { text: { value: 'x' } }, 'expected string, received object'],
    ['missing text', {}, 'expected string, received undefined'],
    ['text over the 100 000 character cap', { text: 'x'.repeat(100_001) }, 'expected string to have <=100000 characters'],
  ])('refuses %s without asking or touching the clipboard', async (_what, args, error) => {
    h.ports.recorded.clipboard = 'keep me';
    const out = parse(await h.runtime.execute(call('clipboard_write', args), never()));
    expect(String(out.error)).toMatch(/^clipboard_write: invalid arguments: /);
    expect(out.error).toContain(error);
    expect(out.error).toContain('at text');
    expect(h.ports.recorded.clipboard).toBe('keep me');
    expect(h.requests).toEqual([]);
  });
});

describe('a built-in whose port never answers', () => {
  it('times out with a clear error and ignores a late answer', async () => {
    const slow = builtinHarness({ defaultTimeoutMs: 150 });
    try {
      let settle: ((t: string) => void) | undefined;
      slow.ports.clipboard.readText = () => new Promise<string>((resolve) => (settle = resolve));
      const updates = collectUpdates(slow.runtime);
      const started = Date.now();
      const out = parse(await slow.runtime.execute(call('clipboard_read'), never()));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(out).toEqual({ error: 'clipboard_read timed out after 0.2 s and was stopped', timedOut: true });
      expect(updates.map((u) => u.status)).toEqual(['running', 'failed']);
      settle?.('too late'); // a late answer changes nothing
      await new Promise((r) => setTimeout(r, 10));
      expect(updates).toHaveLength(2);
    } finally {
      slow.cleanup();
    }
  });

  it('answers cancelled at once when the call is aborted while the port hangs', async () => {
    h.ports.clipboard.writeText = () => new Promise<void>(() => {});
    const updates = collectUpdates(h.runtime);
    const ac = new AbortController();
    const pending = h.runtime.execute(call('clipboard_write', { text: 'stuck' }), ac.signal);
    await new Promise((r) => setTimeout(r, 30));
    expect(updates.at(-1)?.status).toBe('running');
    const started = Date.now();
    ac.abort();
    expect(parse(await pending)).toMatchObject({ error: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(500);
    expect(updates.at(-1)?.status).toBe('cancelled');
  });
});

describe('open_url', () => {
  it('opens http and https URLs', async () => {
    const out = parse(await h.runtime.execute(call('open_url', { url: 'https://example.com/a?b=c' }), never()));
    expect(out).toEqual({ opened: 'https://example.com/a?b=c' });
    await h.runtime.execute(call('open_url', { url: 'http://localhost:8080/' }), never());
    expect(h.ports.recorded.openedUrls).toEqual(['https://example.com/a?b=c', 'http://localhost:8080/']);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ftp://example.com/',
    'smb://server/share',
    'https://user:pw@example.com/',
    'not a url',
    '/relative/path',
  ])('refuses %s', async (url) => {
    const out = parse(await h.runtime.execute(call('open_url', { url }), never()));
    expect(out.error).toBeTruthy();
    expect(h.ports.recorded.openedUrls).toEqual([]);
    expect(() => checkWebUrl(url)).toThrow();
  });
});

describe('open_url: bad arguments', () => {
  it.each([
    ['missing url', {}, 'expected string, received undefined'],
    ['a number', { url: 7 }, 'expected string, received number'],
    ['an array', { url: ['https://example.com/'] }, 'expected string, received array'],
    ['an empty string', { url: '' }, 'expected string to have >=1 characters'],
  ])('refuses %s without asking or opening anything', async (_what, args, error) => {
    const out = parse(await h.runtime.execute(call('open_url', args), never()));
    expect(String(out.error)).toMatch(/^open_url: invalid arguments: /);
    expect(out.error).toContain(error);
    expect(out.error).toContain('at url');
    expect(h.ports.recorded.openedUrls).toEqual([]);
    expect(h.requests).toEqual([]);
  });
});

describe('system_info', () => {
  it('reports OS, memory, battery and network from the ports', async () => {
    const out = parse(await h.runtime.execute(call('system_info'), never()));
    expect(out.os).toMatchObject({ platform: process.platform, arch: process.arch });
    expect((out.memory as { totalGiB: number }).totalGiB).toBeGreaterThan(0);
    expect(out.battery).toEqual({ onBattery: true, percent: 42 });
    expect(out.online).toBe(true);
  });

  it('survives a failing port', async () => {
    h.ports.system.isOnline = () => {
      throw new Error('net module unavailable');
    };
    h.ports.system.battery = () => null;
    const out = parse(await h.runtime.execute(call('system_info'), never()));
    expect(out.online).toEqual({ error: 'net module unavailable' });
    expect(String(out.battery)).toMatch(/not available/);
  });
});
