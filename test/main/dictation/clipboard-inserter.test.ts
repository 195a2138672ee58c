// The clipboard-only inserter spawns xclip with the text on stdin (the CLI's clipboard keeper does the same).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ClipboardInserter } from '../../../src/main/dictation/clipboard-inserter';

const hasXclip = spawnSync('sh', ['-c', 'command -v xclip'], { stdio: 'ignore' }).status === 0;
// A display that does not exist: xclip exits before reading its input, so a large text breaks the pipe.
const noDisplay = { ...process.env, DISPLAY: ':987' };
const big = 'dictated words '.repeat(300_000); // 4.5 MB, far beyond a pipe's buffer

describe.skipIf(!hasXclip)('xclip that exits before reading (no display)', () => {
  it('the clipboard inserter says it failed; the broken pipe is not an uncaught exception', async () => {
    const outcome = await new ClipboardInserter(noDisplay).insert(big, undefined, { mode: 'insert' });
    expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/could not set the clipboard/) });
  });
});
