/**
 * A real full disk: a small tmpfs mounted over a temp folder (needs root, as in CI; tests skip
 * otherwise), filled with one big file and emptied again, so writes fail with ENOSPC for real.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  /** False where mounting is not allowed (not root): the caller skips. */
  readonly mounted: boolean;
  fill(): void;
  free(): void;
  dispose(): void;
}

export function smallDisk(prefix: string, size = '64k'): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    mounted,
    fill() {
      try {
        writeFileSync(filler, Buffer.alloc(1024 * 1024));
      } catch {
        // ENOSPC once the disk is full: that is the point.
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    dispose() {
      if (mounted) execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
