/**
 * Validates an allowed folder as the user types it (main re-checks every path on use): an absolute
 * path (POSIX, drive letter or UNC), without '..', not yet listed.
 */
export function folderError(path: string, existing: readonly string[]): string | undefined {
  const p = path.trim();
  if (!p) return 'Type the full path of a folder.';
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(p)) return 'Use an absolute path, e.g. /home/me/Documents or C:\\Users\\me\\Documents.';
  if (p.split(/[\\/]/).includes('..')) return 'The path may not contain "..".';
  if (p.length > 4096) return 'The path is too long.';
  const norm = (x: string) => x.replace(/[\\/]+$/, '') || x;
  if (existing.some((e) => norm(e) === norm(p))) return 'This folder is already allowed.';
  return undefined;
}
