import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../tool';
import { isSensitivePath } from './sensitive-paths';

/**
 * Resolves a path the model gave us to a real location inside one of the user's allowed folders.
 * Defences, in order, and none of them touches the file system before the path is known to be
 * inside: no NUL, no network paths (`\\host\share`, `//host/share`: even a realpath() of one makes
 * a network connection, which leaks the user's NTLM hash on Windows), no '..' segments at all, a
 * containment check on the *lexical* path; only then realpath on both sides (a symlink inside an
 * allowed folder cannot point outside it) and the containment check again. Credential files are
 * refused unless the caller says the user approved this very access (`allowSensitive`).
 */
export interface ResolvedPath {
  realPath: string;
  stats: Stats;
  /** The allowed folder (realpath) that contains it. */
  root: string;
  /** It matches the credential patterns (sensitive-paths.ts). */
  sensitive: boolean;
}

export interface ResolveOptions {
  /** The user approved reading this credential file (read_text_file asks for it). */
  allowSensitive?: boolean;
}

export function hasTraversal(p: string): boolean {
  return p.split(/[\\/]+/).some((seg) => seg === '..');
}

/** `\\server\share`, `//server/share`, `\\?\UNC\…`, `\\.\pipe\…`: never resolved, never touched. */
export function isNetworkOrDevicePath(p: string): boolean {
  return /^[\\/]{2}/.test(p);
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function lexicalFolders(allowedFolders: string[]): string[] {
  return allowedFolders.filter((f) => f && path.isAbsolute(f) && !isNetworkOrDevicePath(f)).map((f) => path.resolve(f));
}

async function realRoots(folders: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const folder of folders) {
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

/** The absolute lexical path `input` names, or a ToolError, without any file-system call. */
export function lexicalTarget(input: string, allowedFolders: string[]): { absolute: string; folders: string[] } {
  if (allowedFolders.length === 0) {
    throw new ToolError('no folders are allowed yet; the user can add some in Settings → Tools');
  }
  if (input.includes('\0')) throw new ToolError('path contains a NUL character');
  if (isNetworkOrDevicePath(input)) throw new ToolError('network and device paths (\\\\host\\share, //host/share) are not allowed');
  if (hasTraversal(input)) throw new ToolError("path must not contain '..' segments");
  const folders = lexicalFolders(allowedFolders);
  if (folders.length === 0) throw new ToolError('none of the allowed folders is a local absolute path');
  // Relative paths are taken relative to the first allowed folder, the one the user listed first.
  const absolute = path.isAbsolute(input) ? path.resolve(input) : path.resolve(folders[0]!, input);
  return { absolute, folders };
}

function outside(input: string, allowedFolders: string[]): ToolError {
  return new ToolError(`access denied: ${input} is outside the allowed folders (${describeAllowedFolders(allowedFolders)})`);
}

export async function resolveAllowedPath(input: string, allowedFolders: string[], options: ResolveOptions = {}): Promise<ResolvedPath> {
  const { absolute, folders } = lexicalTarget(input, allowedFolders);
  const roots = await realRoots(folders);
  if (roots.length === 0) throw new ToolError('none of the allowed folders exists');
  // Lexical containment first: against the folders as written and as resolved (e.g. /tmp and /private/tmp).
  if (![...folders, ...roots].some((f) => isInside(f, absolute))) throw outside(input, allowedFolders);
  let realPath: string;
  try {
    realPath = await fs.realpath(absolute);
  } catch {
    throw new ToolError(`not found: ${input}`);
  }
  const root = roots.find((r) => isInside(r, realPath));
  if (!root) throw outside(input, allowedFolders);
  const sensitive = isSensitivePath(absolute) || isSensitivePath(realPath);
  if (sensitive && !options.allowSensitive) {
    throw new ToolError(`access denied: ${input} holds credentials or keys, which the assistant does not touch without asking`);
  }
  const stats = await fs.stat(realPath);
  return { realPath, stats, root, sensitive };
}
