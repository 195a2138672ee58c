import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLogger } from '../../../../src/main/services/logging/file-logger';
import { Redactor } from '../../../../src/main/services/logging/redact';

const dir = mkdtempSync(join(tmpdir(), 'logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Redactor', () => {
  const r = new Redactor();
  r.addSecret('bXktcmVhbC1rZXk6c2VjcmV0');
  it('removes credentials, secret fields and registered values', () => {
    expect(r.text('Authorization: Basic bXktcmVhbC1rZXk6c2VjcmV0')).toBe('Authorization: Basic [redacted]');
    expect(r.text('token=abc.def.ghi&x=1')).toBe('token=[redacted]&x=1');
    expect(r.text('Bearer eyJhbGciOi.x.y')).toBe('Bearer [redacted]');
    expect(r.text('key was bXktcmVhbC1rZXk6c2VjcmV0!')).toBe('key was [redacted]!');
    expect(r.value({ apiKey: 'abc', nested: { authorization: 'Basic zzz', ok: 'fine' }, list: ['bXktcmVhbC1rZXk6c2VjcmV0'] })).toEqual({
      apiKey: '[redacted]',
      nested: { authorization: '[redacted]', ok: 'fine' },
      list: ['[redacted]'],
    });
  });
  it('survives cycles and binary data', () => {
    const a: Record<string, unknown> = { pcm: new ArrayBuffer(8) };
    a.self = a;
    expect(r.value(a)).toEqual({ pcm: '[8 bytes]', self: '[…]' });
  });
});

describe('FileLogger', () => {
  it('writes redacted lines and rotates by size, keeping a fixed number of files', () => {
    const log = new FileLogger({ dir, maxBytes: 400, keep: 2, level: 'debug' });
    log.redactor.addSecret('c2VjcmV0LWtleS12YWx1ZQ==');
    for (let i = 0; i < 40; i++) log.info(`line ${i}`, { header: 'Basic c2VjcmV0LWtleS12YWx1ZQ==', i });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('c2VjcmV0LWtleS12YWx1ZQ==');
    expect(all).toContain('[redacted]');
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 39');
  });

  it('drops records below its level and never throws when the folder vanishes', () => {
    const d = mkdtempSync(join(tmpdir(), 'logs2-'));
    const log = new FileLogger({ dir: d, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect(readFileSync(join(d, 'main.log'), 'utf8')).not.toContain('hidden');
    rmSync(d, { recursive: true, force: true });
    expect(() => log.error('after removal')).not.toThrow();
  });
});

describe('Redactor catches the key however a log line spells it', () => {
  const key = 'bXkv+cmVh/bC1rZXk6c2Vj=';
  const r = new Redactor();
  r.addSecret(key);
  it.each([
    ['URL-encoded', `GET /x?k=${encodeURIComponent(key)}`],
    ['URL-encoded, lowercase hex', `k=${encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
    ['JSON-escaped slashes', JSON.stringify({ v: key }).replace(/\//g, '\\/')],
    ['JSON \\u escapes', `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`],
    ['inside a JSON string of a JSON string', JSON.stringify(JSON.stringify({ apiKey: key }))],
  ])('%s', (_what, line) => {
    const out = r.text(line);
    expect(out).toContain('[redacted]');
    expect(decodeURIComponent(out.replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\\//g, '/'))).not.toContain(key);
  });

  it('lowercase authorization: basic, and *_TOKEN= / *_KEY= names', () => {
    const plain = new Redactor();
    expect(plain.text('authorization: basic dXNlcjpwYXNzd29yZA==')).toBe('authorization: basic [redacted]');
    expect(plain.text('"Authorization":"bearer abc.def.ghi"')).toBe('"Authorization":"bearer [redacted]"');
    expect(plain.text('GITHUB_TOKEN=ghp_abcdef123456 next')).toBe('GITHUB_TOKEN=[redacted] next');
    expect(plain.text('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG')).toBe('AWS_SECRET_ACCESS_KEY=[redacted]');
    expect(plain.text('OPENAI_API_KEY: sk-abcdef')).toBe('OPENAI_API_KEY: [redacted]');
    expect(plain.value({ GITHUB_TOKEN: 'x1', slack_key: 'y2', tokens: 12 })).toEqual({ GITHUB_TOKEN: '[redacted]', slack_key: '[redacted]', tokens: 12 });
    // Ordinary words stay.
    expect(plain.text('basic settings saved; outputTokens: 12')).toBe('basic settings saved; outputTokens: 12');
  });
});
