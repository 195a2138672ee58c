/**
 * Property-based fuzzing of resolveAllowedPath against a real tree on disk with symlinks that stay
 * inside and ones that lead out: whatever path the model invents, the answer is a ToolError or a
 * real file inside the allowed folder that is not a credential file.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, resolveAllowedPath } from '../../../src/main/tools/builtin/safe-path';
import { isSensitivePath } from '../../../src/main/tools/builtin/sensitive-paths';
import { ToolError } from '../../../src/main/tools/tool';
import { tempDir } from './helpers';

const RUNS = 10_000;
const posix = process.platform !== 'win32';
let allowed: ReturnType<typeof tempDir>;
let outside: ReturnType<typeof tempDir>;
let root = '';

beforeAll(() => {
  allowed = tempDir('fuzz-allowed-');
  outside = tempDir('fuzz-outside-');
  root = realpathSync(allowed.dir);
  const a = allowed.dir;
  mkdirSync(path.join(a, 'docs', 'deep'), { recursive: true });
  mkdirSync(path.join(a, '.ssh'));
  writeFileSync(path.join(a, 'notes.txt'), 'n');
  writeFileSync(path.join(a, 'docs', 'deep', 'plan.md'), 'p');
  writeFileSync(path.join(a, '.ssh', 'id_rsa'), 'k');
  writeFileSync(path.join(a, '.env'), 'e');
  writeFileSync(path.join(outside.dir, 'secret.txt'), 's');
  if (posix) {
    symlinkSync(path.join(a, 'docs'), path.join(a, 'in-dir'));
    symlinkSync(path.join(a, 'notes.txt'), path.join(a, 'in-file'));
    symlinkSync(outside.dir, path.join(a, 'out-dir'));
    symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(a, 'out-file'));
    symlinkSync(path.join(a, '.ssh', 'id_rsa'), path.join(a, 'docs', 'innocent.txt'));
    symlinkSync('/', path.join(a, 'docs', 'slash'));
    symlinkSync(path.join(a, 'loop'), path.join(a, 'loop'));
  }
});
afterAll(() => {
  allowed.cleanup();
  outside.cleanup();
});

const segment = fc.oneof(
  fc.constantFrom('docs', 'deep', 'plan.md', 'notes.txt', '.ssh', 'id_rsa', '.env', 'in-dir', 'in-file', 'out-dir', 'out-file', 'innocent.txt', 'slash', 'loop', 'secret.txt', 'etc', 'passwd'),
  fc.constantFrom('..', '.', '', '...', '%2e%2e', '\0', 'C:', '~'),
  fc.string({ maxLength: 6 }),
);
const separator = fc.constantFrom('/', '\\', '//', '/./');
const prefix = fc.constantFrom('', '/', '//', '\\\\', '//host/share/', '\\\\host\\share\\', 'ALLOWED/', 'OUTSIDE/', '/net/host/', '~/');
const candidate = fc
  .tuple(prefix, fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 6 }))
  .map(([p, parts]) => (p.replace('ALLOWED', allowed.dir).replace('OUTSIDE', outside.dir) + parts.map(([s, sep]) => s + sep).join('')).replace(/[\\/]+$/, '') || '.');

describe('resolveAllowedPath under fuzzing (real files and symlinks)', () => {
  it('answers with a ToolError or a real path inside the folder that is no credential file', async () => {
    await fc.assert(
      fc.asyncProperty(candidate, async (p) => {
        try {
          const r = await resolveAllowedPath(p, [allowed.dir]);
          return isInside(root, r.realPath) && !isSensitivePath(path.relative(root, r.realPath)) && !r.sensitive && r.realPath === realpathSync(r.realPath);
        } catch (err) {
          return err instanceof ToolError;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it.skipIf(!posix)('the generator does reach the interesting cases', async () => {
    const seen = new Set<string>();
    for (const p of fc.sample(candidate, 3000)) {
      try {
        seen.add(path.relative(root, (await resolveAllowedPath(p, [allowed.dir])).realPath) || '.');
      } catch (err) {
        seen.add(String((err as Error).message).split(':')[0]!);
      }
    }
    expect([...seen]).toEqual(expect.arrayContaining(['.', 'notes.txt', 'access denied']));
  });
});
