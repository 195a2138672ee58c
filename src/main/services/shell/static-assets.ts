import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request path of the renderer's origin to a file under `root`, or undefined when it must be
 * refused: encoded or literal `..`, backslashes, NUL bytes, absolute paths, or a symlink that points
 * outside the root. "/" serves index.html. Used by the app:// protocol handler and the test host.
 */
export async function resolveAsset(root: string, requestPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.')) return undefined;
  const rel = parts.length === 0 ? 'index.html' : parts.join(sep);
  const rootAbs = resolve(root);
  const candidate = resolve(rootAbs, rel);
  if (!inside(rootAbs, candidate)) return undefined;
  try {
    const [realRoot, real] = await Promise.all([realpath(rootAbs), realpath(candidate)]);
    if (!inside(realRoot, real) || !(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
}
