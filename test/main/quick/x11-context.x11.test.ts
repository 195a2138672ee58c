/**
 * The launcher's X11 pieces against a real X server (Xvfb under scripts/test.mjs): the selection
 * reader gets PRIMARY as set by another X client (xclip) without changing the CLIPBOARD's bytes,
 * and the focus return gives focus back to the window that had it. Skips, saying why, without X.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { X11SelectionReader } from '../../../src/main/quick/x11/selection-reader';
import { X11FocusReturn } from '../../../src/main/quick/x11/focus-return';
import { X11Link } from '../../../src/main/quick/x11/x11-link';
import { clipboardBytes, ownSelection, releaseSelections, x11SkipReason } from '../support/x11-selection';

const skipReason = x11SkipReason(['xclip', 'xdotool']);
if (skipReason) console.log(`[quick-x11] skipped: ${skipReason}`);

afterAll(releaseSelections);

describe.skipIf(Boolean(skipReason))('X11 context and focus', () => {
  it('reads PRIMARY as a requestor: the text arrives, the clipboard keeps its exact bytes', async () => {
    const clip = Buffer.from('clipboard: ünïcode ✓ and a trailing newline\n', 'utf8');
    await ownSelection('clipboard', clip);
    await ownSelection('primary', 'The selected sentence — with “quotes”.');
    const reader = new X11SelectionReader();
    const r = await reader.read('selection');
    expect(r).toEqual({ ok: true, text: 'The selected sentence — with “quotes”.', truncated: false });
    const c = await reader.read('clipboard');
    expect(c).toEqual({ ok: true, text: clip.toString('utf8'), truncated: false });
    expect(clipboardBytes().equals(clip)).toBe(true);
  });

  it('cuts a long selection, saying so; says why when nothing is selected', async () => {
    // A new owner replaces the old one (xclip exits on SelectionClear).
    await ownSelection('primary', 'x'.repeat(20_000));
    const long = await new X11SelectionReader().read('selection');
    expect(long.ok && long.truncated && long.text.length, JSON.stringify(long).slice(0, 200)).toBe(6000);
    const link = await X11Link.open();
    link.client.SetSelectionOwner(0, await link.atom('PRIMARY'), 0);
    await link.sync();
    link.close();
    expect(await new X11SelectionReader().read('selection')).toEqual({ ok: false, reason: 'nothing is selected' });
  });

  it('gives focus back to the window that had it', async () => {
    const link = await X11Link.open();
    const make = () => {
      const wid = link.client.AllocID();
      link.client.CreateWindow(wid, link.root, 10, 10, 200, 100, 0, 0, 1, 0, {});
      return wid;
    };
    const before = make();
    const launcher = make();
    await link.sync();
    try {
      execFileSync('xdotool', ['windowmap', '--sync', String(before)]);
      execFileSync('xdotool', ['windowmap', '--sync', String(launcher)]);
      execFileSync('xdotool', ['windowfocus', '--sync', String(before)]);
      const focus = new X11FocusReturn();
      const handle = await focus.capture();
      expect(handle?.windowId).toBe(before);
      execFileSync('xdotool', ['windowfocus', '--sync', String(launcher)]);
      expect(Number(execFileSync('xdotool', ['getwindowfocus']).toString())).toBe(launcher);
      expect(await focus.restore(handle!)).toBe(true);
      expect(Number(execFileSync('xdotool', ['getwindowfocus']).toString())).toBe(before);
      focus.dispose();
    } finally {
      link.client.DestroyWindow(before);
      link.client.DestroyWindow(launcher);
      link.close();
    }
  });
});
