import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinHarness, type BuiltinHarness } from './builtin-harness';
import { call, never, parse, tempDir } from './helpers';

let h: BuiltinHarness;
let allowed: ReturnType<typeof tempDir>;
let outside: ReturnType<typeof tempDir>;
const posix = process.platform !== 'win32';

beforeEach(() => {
  h = builtinHarness();
  allowed = tempDir('allowed-');
  outside = tempDir('outside-');
  writeFileSync(path.join(allowed.dir, 'hello.txt'), 'Hello, world\n');
  mkdirSync(path.join(allowed.dir, 'sub'));
  writeFileSync(path.join(allowed.dir, 'sub', 'deep.md'), '# deep');
  writeFileSync(path.join(outside.dir, 'secret.txt'), 'top secret');
  h.settings.setTools({ allowedFolders: [allowed.dir] });
});
afterEach(() => {
  h.cleanup();
  allowed.cleanup();
  outside.cleanup();
});

const read = async (args: unknown) => parse(await h.runtime.execute(call('read_text_file', args), never()));

describe('read_text_file', () => {
  it('is offered once a folder is allowed, and names the folders in its description', () => {
    const def = h.runtime.definitions().find((d) => d.name === 'read_text_file');
    expect(def?.description).toContain(allowed.dir);
  });

  it('reads a file by absolute and by relative path', async () => {
    expect(await read({ path: path.join(allowed.dir, 'hello.txt') })).toMatchObject({ text: 'Hello, world\n', sizeBytes: 13 });
    expect(await read({ path: 'sub/deep.md' })).toMatchObject({ text: '# deep' });
  });

  it("rejects '..' traversal even when it would land inside", async () => {
    expect((await read({ path: `${allowed.dir}/../${path.basename(outside.dir)}/secret.txt` })).error).toMatch(/'\.\.'/);
    expect((await read({ path: 'sub/../hello.txt' })).error).toMatch(/'\.\.'/);
  });

  it('rejects files outside the allowed folders', async () => {
    const out = await read({ path: path.join(outside.dir, 'secret.txt') });
    expect(out.error).toMatch(/outside the allowed folders/);
    expect(JSON.stringify(out)).not.toContain('top secret');
  });

  it.skipIf(!posix)('rejects symlink escapes (file and folder links) but follows links that stay inside', async () => {
    symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(allowed.dir, 'link.txt'));
    symlinkSync(outside.dir, path.join(allowed.dir, 'linkdir'));
    symlinkSync(path.join(allowed.dir, 'hello.txt'), path.join(allowed.dir, 'inner-link.txt'));
    expect((await read({ path: 'link.txt' })).error).toMatch(/outside the allowed folders/);
    expect((await read({ path: 'linkdir/secret.txt' })).error).toMatch(/outside the allowed folders/);
    expect(await read({ path: 'inner-link.txt' })).toMatchObject({ text: 'Hello, world\n' });
  });

  it('rejects folders, FIFOs and missing files', async () => {
    expect((await read({ path: 'sub' })).error).toMatch(/not a regular file/);
    expect((await read({ path: 'missing.txt' })).error).toMatch(/not found/);
    if (posix) {
      execFileSync('mkfifo', [path.join(allowed.dir, 'pipe')]);
      expect((await read({ path: 'pipe' })).error).toMatch(/not a regular file/);
    }
  });

  it('asks before reading a credential file inside an allowed folder, also through a symlink', async () => {
    mkdirSync(path.join(allowed.dir, '.ssh'));
    writeFileSync(path.join(allowed.dir, '.ssh', 'notes.txt'), 'private');
    writeFileSync(path.join(allowed.dir, '.env.local'), 'TOKEN=abc');
    writeFileSync(path.join(allowed.dir, 'server.PEM'), 'key');
    h.setDecision('deny');
    for (const p of ['.ssh/notes.txt', '.env.local', 'server.PEM']) {
      const out = await read({ path: p });
      expect(out.denied).toBe(true);
      expect(JSON.stringify(out)).not.toMatch(/private|TOKEN=abc|"key"/);
    }
    expect(h.requests.map((r) => r.summary)).toEqual([
      expect.stringMatching(/\.ssh\/notes\.txt: it looks like a file with credentials/),
      expect.stringMatching(/\.env\.local: it looks like/),
      expect.stringMatching(/server\.PEM: it looks like/),
    ]);
    if (posix) {
      symlinkSync(path.join(allowed.dir, '.env.local'), path.join(allowed.dir, 'innocent.txt'));
      expect((await read({ path: 'innocent.txt' })).denied).toBe(true);
      expect(h.requests.at(-1)!.summary).toContain('.env.local');
    }
    // Said yes to this one read: it is read, once.
    h.setDecision('allow');
    expect(await read({ path: '.env.local' })).toMatchObject({ text: 'TOKEN=abc' });
    const asked = h.requests.length;
    writeFileSync(path.join(allowed.dir, 'environment.txt'), 'fine');
    expect(await read({ path: 'environment.txt' })).toMatchObject({ text: 'fine' });
    expect(h.requests).toHaveLength(asked);
  });

  it('rejects binary files', async () => {
    writeFileSync(path.join(allowed.dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    writeFileSync(path.join(allowed.dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21])); // invalid UTF-8
    expect((await read({ path: 'image.png' })).error).toMatch(/binary/);
    expect((await read({ path: 'latin1.txt' })).error).toMatch(/binary/);
  });

  it('caps big files, never splits a character, and continues from nextOffset', async () => {
    const text = 'é'.repeat(20_000); // 40 000 bytes
    writeFileSync(path.join(allowed.dir, 'big.txt'), text);
    const first = await read({ path: 'big.txt', maxBytes: 1001 });
    expect(first).toMatchObject({ truncated: true, nextOffset: 1000, sizeBytes: 40_000 });
    expect(first.text).toBe('é'.repeat(500));
    const second = await read({ path: 'big.txt', offset: 1000, maxBytes: 10 });
    expect(second.text).toBe('é'.repeat(5));
    const defaultRead = await read({ path: 'big.txt' });
    expect(String(defaultRead.text).length).toBeLessThanOrEqual(14 * 1024);
    expect((await read({ path: 'big.txt', maxBytes: 10_000_000 })).error).toMatch(/invalid arguments/);
  });

  it.each([
    ['missing path', {}, 'expected string, received undefined', 'at path'],
    ['a non-string path', { path: 3 }, 'expected string, received number', 'at path'],
    ['a negative offset', { path: 'hello.txt', offset: -1 }, 'expected number to be >=0', 'at offset'],
  ])('answers %s with a clear error and reads nothing', async (_what, args, error, at) => {
    const out = await read(args);
    expect(String(out.error)).toMatch(/^read_text_file: invalid arguments: /);
    expect(out.error).toContain(error);
    expect(out.error).toContain(at);
    expect(out).not.toHaveProperty('text');
  });

  it('is withdrawn when the allowed folders are removed', async () => {
    h.settings.setTools({ allowedFolders: [] });
    expect(h.runtime.definitions().map((d) => d.name)).not.toContain('read_text_file');
    expect((await read({ path: path.join(allowed.dir, 'hello.txt') })).error).toMatch(/unknown or unavailable/);
  });
});

describe('open_path', () => {
  const open = async (args: unknown) => parse(await h.runtime.execute(call('open_path', args), never()));

  it('opens files and folders inside the allowed folders, after approval', async () => {
    expect(await open({ path: 'hello.txt' })).toMatchObject({ kind: 'file' });
    expect(await open({ path: allowed.dir })).toMatchObject({ kind: 'folder' });
    expect(h.ports.recorded.openedPaths).toEqual([path.join(allowed.dir, 'hello.txt'), allowed.dir]);
    expect(h.requests.map((r) => r.summary)).toEqual([
      `Open ${path.join(allowed.dir, 'hello.txt')} with its default app`,
      `Open ${allowed.dir} with its default app`,
    ]);
  });

  it('refuses paths outside, traversal, programs and executable files', async () => {
    writeFileSync(path.join(allowed.dir, 'setup.exe'), 'MZ');
    writeFileSync(path.join(allowed.dir, 'run.sh'), '#!/bin/sh\n');
    writeFileSync(path.join(allowed.dir, 'tool'), '#!/bin/sh\n');
    chmodSync(path.join(allowed.dir, 'tool'), 0o755);
    expect((await open({ path: path.join(outside.dir, 'secret.txt') })).error).toMatch(/outside/);
    expect((await open({ path: '../x' })).error).toMatch(/'\.\.'/);
    expect((await open({ path: 'setup.exe' })).error).toMatch(/programs and scripts/);
    expect((await open({ path: 'run.sh' })).error).toMatch(/programs and scripts/);
    if (posix) expect((await open({ path: 'tool' })).error).toMatch(/executable/);
    expect(h.ports.recorded.openedPaths).toEqual([]);
  });

  it.each(['.pyw', '.appref-ms', '.msc', '.chm', '.xll', '.diagcab', '.library-ms', '.search-ms', '.iso', '.vhdx', '.jnlp', '.mpkg', '.prefPane'])(
    'never opens a %s file (it runs code or mounts an image)',
    async (ext) => {
      writeFileSync(path.join(allowed.dir, `doc${ext}`), 'x');
      expect((await open({ path: `doc${ext}` })).error).toMatch(/programs and scripts/);
      expect(h.ports.recorded.openedPaths).toEqual([]);
    },
  );

  it.each([
    ['missing path', {}, 'expected string, received undefined'],
    ['a non-string path', { path: ['hello.txt'] }, 'expected string, received array'],
    ['an empty path', { path: '' }, 'expected string to have >=1 characters'],
  ])('refuses %s without asking or opening anything', async (_what, args, error) => {
    const out = await open(args);
    expect(String(out.error)).toMatch(/^open_path: invalid arguments: /);
    expect(out.error).toContain(error);
    expect(out.error).toContain('at path');
    expect(h.ports.recorded.openedPaths).toEqual([]);
    expect(h.requests).toEqual([]);
  });

  it('reports a failure from the OS', async () => {
    h.ports.openPath.openPath = async () => 'No application knows how to open this';
    expect((await open({ path: 'hello.txt' })).error).toMatch(/could not open hello.txt: No application/);
  });
});
