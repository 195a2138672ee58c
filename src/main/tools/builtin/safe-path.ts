import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../tool';
import { isSensitivePath } from './sensitive-paths';

/**
 * Resolves a path the model gave us to a real location inside one of the user's allowed folders.
 * Defences, in order: no '..' segments at all (even ones that would land inside, so intent is
 * obvious), realpath on both sides (a symlink inside an allowed folder cannot point outside it),
 * a containment check on the resolved paths, and no credential files even inside an allowed folder.
 */
export interface ResolvedPath {
  realPath: string;
  stats: Stats;
  /** The allowed folder (realpath) that contains it. */
  root: string;
}

export function hasTraversal(p: string): boolean {
  return p.split(/[\\/]+/).some((seg) => seg === '..');
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function realRoots(allowedFolders: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const folder of allowedFolders) {
    if (!folder || !path.isAbsolute(folder)) continue;
    try {
      roots.push(await fs.realpath(folder));
    } catch {
      // A configured folder that no longer exists simply allows nothing.
    }
  }
  return roots;
}

export function describeAllowedFolders(allowedFolders: string[]): string {
  return allowedFolders.length ? allowedFolders.join(', ') : '(none configured)';
}

export async function resolveAllowedPath(input: string, allowedFolders: string[]): Promise<ResolvedPath> {
  if (allowedFolders.length === 0) {
    throw new ToolError('no folders are allowed yet; the user can add some in Settings → Tools');
  }
  if (input.includes('\0')) throw new ToolError('path contains a NUL character');
  if (hasTraversal(input)) throw new ToolError("path must not contain '..' segments");
  const roots = await realRoots(allowedFolders);
  if (roots.length === 0) throw new ToolError('none of the allowed folders exists');
  // Relative paths are taken relative to the first allowed folder, the one the user listed first.
  const absolute = path.isAbsolute(input) ? path.normalize(input) : path.resolve(roots[0]!, input);
  let realPath: string;
  try {
    realPath = await fs.realpath(absolute);
  } catch {
    throw new ToolError(`not found: ${input}`);
  }
  const root = roots.find((r) => isInside(r, realPath));
  if (!root) {
    throw new ToolError(`access denied: ${input} is outside the allowed folders (${describeAllowedFolders(allowedFolders)})`);
  }
  if (isSensitivePath(path.relative(root, realPath))) {
    throw new ToolError(`access denied: ${input} holds credentials or keys, which the assistant never touches`);
  }
  const stats = await fs.stat(realPath);
  return { realPath, stats, root };
}
