/**
 * The renderer's Content Security Policy, one definition for the Electron app (response header of
 * the app:// protocol and a <meta> in the page) and the browser test host (HTTP header + <meta>).
 * No 'unsafe-eval', no inline scripts: scripts and audio worklets load only from our own origin;
 * `connect-src 'self'` lets the test host's same-origin WebSocket through and nothing else.
 * `blob:` media is for recorded-clip playback; no remote origin is reachable from the page.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Inserts the CSP <meta> (and optional same-origin classic scripts) at the top of <head>. */
export function injectIntoHtml(html: string, opts: { csp: string; headScripts?: string[] }): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  // frame-ancestors is ignored (with a console error) in a <meta>; the response header carries it.
  const metaCsp = opts.csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
  const tags = [`<meta http-equiv="Content-Security-Policy" content="${escape(metaCsp)}">`];
  for (const src of opts.headScripts ?? []) tags.push(`<script src="${escape(src)}"></script>`);
  const m = /<head[^>]*>/i.exec(html);
  if (!m) return `${tags.join('')}${html}`;
  const at = m.index + m[0].length;
  return `${html.slice(0, at)}${tags.join('')}${html.slice(at)}`;
}
