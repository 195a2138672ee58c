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
