import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAsset } from '../../../../src/main/services/shell/static-assets';
import { allowPermission, isSafeExternalUrl } from '../../../../src/main/services/security/web-policy';
import { contentSecurityPolicy, injectIntoHtml } from '../../../../src/main/services/security/csp';

const base = mkdtempSync(join(tmpdir(), 'assets-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<html></html>');
writeFileSync(join(root, 'assets', 'app.js'), '');
writeFileSync(join(base, 'secret.txt'), 'secret');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAsset (app:// and test host file serving)', () => {
  it('serves files inside the root, / as index.html', async () => {
    await expect(resolveAsset(root, '/')).resolves.toBe(join(root, 'index.html'));
    await expect(resolveAsset(root, '/assets/app.js?v=1')).resolves.toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/%00app.js',
    '/%E0%A4%A', // malformed escape
    '/assets/link.txt', // symlink pointing outside
    '/missing.js',
    '/assets', // a directory
  ])('refuses %s', async (p) => {
    await expect(resolveAsset(root, p)).resolves.toBeUndefined();
  });
});

describe('permission policy', () => {
  const origins = ['app://app'];
  it('allows the microphone for our top frame only', () => {
    expect(allowPermission({ permission: 'media', requestingUrl: 'app://app/index.html', isMainFrame: true, mediaTypes: ['audio'] }, origins)).toBe(true);
    expect(allowPermission({ permission: 'media', requestingUrl: 'app://app/index.html', isMainFrame: true, mediaType: 'audio' }, origins)).toBe(true);
  });
  it.each([
    ['camera', { permission: 'media', requestingUrl: 'app://app/', isMainFrame: true, mediaTypes: ['audio', 'video'] as const }],
    ['video check', { permission: 'media', requestingUrl: 'app://app/', isMainFrame: true, mediaType: 'video' as const }],
    ['an iframe', { permission: 'media', requestingUrl: 'app://app/', isMainFrame: false, mediaTypes: ['audio'] as const }],
    ['a foreign page', { permission: 'media', requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['audio'] as const }],
    ['notifications', { permission: 'notifications', requestingUrl: 'app://app/', isMainFrame: true }],
    ['clipboard', { permission: 'clipboard-read', requestingUrl: 'app://app/', isMainFrame: true }],
    ['empty media request', { permission: 'media', requestingUrl: 'app://app/', isMainFrame: true, mediaTypes: [] as const }],
  ])('denies %s', (_l, q) => {
    expect(allowPermission(q, origins)).toBe(false);
  });

  it('opens only plain https links outside', () => {
    expect(isSafeExternalUrl('https://docs.inworld.ai/x')).toBe(true);
    for (const u of ['http://x.example', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@x.example', 'smb://host/share', 'nonsense']) {
      expect(isSafeExternalUrl(u), u).toBe(false);
    }
  });
});

describe('CSP', () => {
  it('is strict: no eval, no inline script, only our origin', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
  });

  it('injects the meta (without header-only directives) and scripts first in <head>', () => {
    const html = injectIntoHtml('<html><head lang="x"><title>t</title><script type="module" src="/a.js"></script></head></html>', {
      csp: contentSecurityPolicy(),
      headScripts: ['/__host/bridge.js'],
    });
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('/__host/bridge.js'));
    expect(html.indexOf('/__host/bridge.js')).toBeLessThan(html.indexOf('/a.js'));
    expect(html).not.toContain('frame-ancestors');
  });
});
