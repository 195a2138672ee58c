import { net, protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, injectIntoHtml } from '../services/security/csp';
import { mimeTypeOf, resolveAsset } from '../services/shell/static-assets';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * Must run before `app.whenReady()`. `standard` gives the scheme real origins (so 'self' in the
 * CSP, relative URLs and the sender check work), `secure` makes it a secure context (getUserMedia,
 * AudioWorklet), `supportFetchAPI` lets the page fetch its own worklet modules.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves `rendererDir` (out/renderer) under app://app/ in the given session, with the CSP as a
 * response header and a <meta>. Anything outside the folder (traversal, symlinks out) is a 404,
 * another host than `app` is a 403.
 */
export function serveAppProtocol(ses: Session, rendererDir: string, extraDirs: Record<string, string> = {}): void {
  const csp = contentSecurityPolicy();
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
    if (url.host !== 'app') return new Response('forbidden', { status: 403, headers });
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405, headers });
    let root = rendererDir;
    let path = url.pathname;
    for (const [prefix, dir] of Object.entries(extraDirs)) {
      if (path.startsWith(`/${prefix}/`)) {
        root = dir;
        path = path.slice(prefix.length + 1);
      }
    }
    const file = await resolveAsset(root, path);
    if (!file) return new Response('not found', { status: 404, headers });
    const type = mimeTypeOf(file);
    if (file.endsWith('.html')) {
      const html = injectIntoHtml(await readFile(file, 'utf8'), { csp });
      return new Response(html, { status: 200, headers: { ...headers, 'Content-Type': type } });
    }
    const res = await net.fetch(pathToFileURL(file).toString());
    return new Response(res.body, { status: res.status, headers: { ...headers, 'Content-Type': type } });
  });
}
