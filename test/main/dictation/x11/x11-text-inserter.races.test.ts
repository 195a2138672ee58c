/**
 * The races real users hit, against small X client apps on a private Xvfb: a slow reader, a
 * clipboard watcher, a copy made during the wait, a terminal's chord, a held Ctrl, focus that moved,
 * copy-only and the unconfirmed path. Every check reads the real X server state.
 */
import type { X11Event } from 'x11';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { X11TextInserter } from '../../../../src/main/dictation/x11/x11-text-inserter';
import { X11Connection, X } from '../../../../src/main/dictation/x11/x11-connection';
import { ClipboardOwner, textItems } from '../../../../src/main/dictation/x11/clipboard-owner';
import { readClipboardTarget } from '../../../../src/main/dictation/x11/clipboard-snapshot';
import { FakeXApp, type FakeAppOptions } from './fake-x-app';
import { skipReason, startXvfb, until, wait, xclipRead, xdotool, type Xvfb } from './x11-test-env';

const skip = skipReason(false);
if (skip) console.log(`[x11-inserter races] skipped: ${skip}`);

describe.skipIf(Boolean(skip))('X11TextInserter races', () => {
  let xvfb: Xvfb;
  let inserter: X11TextInserter;
  let user: X11Connection;
  let prior: ClipboardOwner;
  const apps: FakeXApp[] = [];

  beforeAll(async () => {
    xvfb = await startXvfb();
    inserter = new X11TextInserter({ display: xvfb.display });
    user = await X11Connection.connect(xvfb.display);
    prior = new ClipboardOwner(user);
  }, 30_000);

  afterEach(() => {
    for (const a of apps.splice(0)) a.close();
    try {
      xdotool(xvfb.display, 'keyup', 'ctrl');
    } catch {}
  });

  afterAll(() => {
    inserter?.dispose();
    prior?.dispose();
    user?.close();
    xvfb?.stop();
  });

  const app = async (opts: Omit<FakeAppOptions, 'display'>) => {
    const a = await FakeXApp.start({ display: xvfb.display, ...opts });
    apps.push(a);
    return a;
  };
  const userCopies = async (text: string) => expect(await prior.acquire(textItems(text))).toBe(true);
  const clipboardText = async () => (await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString('utf8');

  it('a reader that reads 1.5 s after the chord still gets the transcript; a watcher reading first is no receipt', async () => {
    await userCopies('the user clipboard');
    const slow = await app({ wmClass: 'SlowReader', pasteOn: 'ctrl+v', readDelayMs: 1500 });
    await slow.focus();
    const watcher = await X11Connection.connect(xvfb.display);
    const target = await inserter.captureTarget();
    expect(target?.windowId).toBe(String(slow.window));
    // The watcher reads right after the chord, long before the target does (only reads after the
    // chord could ever be mistaken for a receipt).
    const watched = (async () => {
      await until(() => slow.vPresses().length > 0, 5000, 'the chord');
      return (await readClipboardTarget(watcher, 'UTF8_STRING'))?.data.toString('utf8');
    })();
    const outcome = await inserter.insert('slow but sure', target, { mode: 'insert' });
    watcher.close();
    expect(await watched).toBe('slow but sure');
    expect(slow.pasted).toEqual(['slow but sure']);
    expect(outcome).toMatchObject({ kind: 'inserted', restored: true });
    if (outcome.kind === 'inserted') {
      const t = outcome.timings;
      expect((t?.firstReadAt ?? 0) - (t?.chordAt ?? 0)).toBeGreaterThanOrEqual(1400);
      expect((t?.restoredAt ?? 0) - (t?.lastReadAt ?? 0)).toBeGreaterThanOrEqual(190);
    }
    expect(await clipboardText()).toBe('the user clipboard');
  }, 20_000);

  it("a watcher's reads are not receipts: with a target that never reads, the outcome is unconfirmed and the text stays", async () => {
    await userCopies('before');
    const deaf = await app({ wmClass: 'Deaf' });
    await deaf.focus();
    const watcher = await X11Connection.connect(xvfb.display);
    const target = await inserter.captureTarget();
    const started = performance.now();
    const pending = inserter.insert('never read by the target', target, { mode: 'insert' });
    await until(() => deaf.vPresses().length > 0, 5000, 'the chord');
    expect((await readClipboardTarget(watcher, 'UTF8_STRING'))?.data.toString('utf8')).toBe('never read by the target');
    const outcome = await pending;
    watcher.close();
    expect(outcome.kind).toBe('unconfirmed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
    expect(deaf.vPresses()).toHaveLength(1);
    expect(await clipboardText()).toBe('never read by the target');
    // "Restore previous clipboard" from the notification puts the user's clipboard back.
    expect(await inserter.restorePreviousClipboard()).toBe(true);
    expect(await clipboardText()).toBe('before');
  }, 20_000);

  it('a copy made during the wait survives (never restored over)', async () => {
    await userCopies('old clipboard');
    const slow = await app({ wmClass: 'SlowReader', pasteOn: 'ctrl+v', readDelayMs: 1500 });
    await slow.focus();
    const target = await inserter.captureTarget();
    const pending = inserter.insert('transcript', target, { mode: 'insert' });
    await wait(400);
    await userCopies('copied during the wait');
    const outcome = await pending;
    expect(outcome.kind).toBe('unconfirmed');
    await wait(300);
    expect(await clipboardText()).toBe('copied during the wait');
  }, 20_000);

  it("a terminal's class gets Ctrl+Shift+V and never Ctrl+V", async () => {
    const term = await app({ wmClass: 'XTerm', pasteOn: 'ctrl+shift+v' });
    await term.focus();
    const target = await inserter.captureTarget();
    expect(target?.windowClass).toBe('xterm');
    const outcome = await inserter.insert('ls -la', target, { mode: 'insert' });
    expect(outcome).toMatchObject({ kind: 'inserted', chord: 'ctrl+shift+v' });
    expect(term.pasted).toEqual(['ls -la']);
    expect(term.vPresses().length).toBeGreaterThan(0);
    expect(term.vPresses().every((k) => k.ctrl && k.shift)).toBe(true);
  }, 20_000);

  it('while Ctrl is held nothing is pasted; the chord goes once it is released', async () => {
    const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    xdotool(xvfb.display, 'keydown', 'ctrl');
    const pending = inserter.insert('after release', target, { mode: 'insert' });
    await wait(700);
    expect(a.vPresses()).toHaveLength(0);
    const releasedAt = performance.now();
    xdotool(xvfb.display, 'keyup', 'ctrl');
    expect(await pending).toMatchObject({ kind: 'inserted' });
    expect(a.vPresses()).toHaveLength(1);
    expect(a.vPresses()[0]?.at).toBeGreaterThan(releasedAt);
    expect(a.pasted).toEqual(['after release']);
  }, 20_000);

  it('a copy made while Ctrl is still held wins: no chord is sent, so their clipboard is not pasted', async () => {
    const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    xdotool(xvfb.display, 'keydown', 'ctrl');
    const pending = inserter.insert('late transcript', target, { mode: 'insert' });
    await wait(400);
    await userCopies('copied while holding ctrl');
    xdotool(xvfb.display, 'keyup', 'ctrl');
    expect((await pending).kind).toBe('failed');
    expect(a.vPresses()).toHaveLength(0);
    expect(await clipboardText()).toBe('copied while holding ctrl');
  }, 20_000);

  it('a modifier held past ~1.5 s gives up to copy-only, without any key sent', async () => {
    const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    xdotool(xvfb.display, 'keydown', 'shift');
    try {
      const outcome = await inserter.insert('held too long', target, { mode: 'insert' });
      expect(outcome.kind).toBe('copied');
      expect(a.vPresses()).toHaveLength(0);
      expect(await clipboardText()).toBe('held too long');
    } finally {
      xdotool(xvfb.display, 'keyup', 'shift');
    }
  }, 20_000);

  it('focusing another window mid-dictation never puts the text there: the target gets focus back', async () => {
    const a = await app({ wmClass: 'Target', pasteOn: 'ctrl+v' });
    const b = await app({ wmClass: 'Other', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    await b.focus();
    const outcome = await inserter.insert('for the target only', target, { mode: 'insert' });
    expect(outcome.kind).toBe('inserted');
    expect(a.pasted).toEqual(['for the target only']);
    expect(b.vPresses()).toHaveLength(0);
    expect(b.pasted).toHaveLength(0);
  }, 20_000);

  it('when the target cannot get focus back, the text is only copied', async () => {
    const a = await app({ wmClass: 'Target', pasteOn: 'ctrl+v' });
    const b = await app({ wmClass: 'Other', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    await b.focus();
    await a.unmap();
    const outcome = await inserter.insert('nowhere to go', target, { mode: 'insert' });
    expect(outcome.kind).toBe('copied');
    expect(b.vPresses()).toHaveLength(0);
    expect(a.vPresses()).toHaveLength(0);
    expect(await clipboardText()).toBe('nowhere to go');
  }, 20_000);

  it('copy-only puts the text on the clipboard and sends no key', async () => {
    const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    const outcome = await inserter.insert('just copy it', target, { mode: 'copy-only' });
    expect(outcome.kind).toBe('copied');
    await wait(200);
    expect(a.keys).toHaveLength(0);
    expect(await clipboardText()).toBe('just copy it');
  }, 20_000);

  it('insert-and-keep leaves the transcript on the clipboard after the read', async () => {
    await userCopies('to be replaced');
    const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
    await a.focus();
    const target = await inserter.captureTarget();
    expect(await inserter.insert('keep me', target, { mode: 'insert-and-keep' })).toMatchObject({ kind: 'inserted', restored: false });
    expect(a.pasted).toEqual(['keep me']);
    expect(await clipboardText()).toBe('keep me');
  }, 20_000);

  it('a per-class user rule changes the chord and presses Enter after the paste', async () => {
    const ruled = new X11TextInserter({ display: xvfb.display, rules: () => ({ chatapp: { chord: 'shift+insert', autoEnter: true } }) });
    try {
      const a = await app({ wmClass: 'ChatApp', pasteOn: 'shift+insert' });
      await a.focus();
      const target = await ruled.captureTarget();
      expect(await ruled.insert('send this', target, { mode: 'insert' })).toMatchObject({ kind: 'inserted', chord: 'shift+insert' });
      expect(a.pasted).toEqual(['send this']);
      expect(a.vPresses()).toHaveLength(0);
      const names = a.keys.map((k) => k.key);
      expect(names).toContain('0xff63'); // Insert
      expect(names.indexOf('0xff0d')).toBeGreaterThan(names.indexOf('0xff63')); // Return, after the paste
    } finally {
      ruled.dispose();
    }
  }, 20_000);

  it('on shutdown, hands the restored clipboard to a clipboard manager (ICCCM SAVE_TARGETS)', async () => {
    // A minimal clipboard manager: owns CLIPBOARD_MANAGER; on SAVE_TARGETS copies CLIPBOARD's text.
    const mgr = await X11Connection.connect(xvfb.display);
    const managerAtom = await mgr.atom('CLIPBOARD_MANAGER');
    const saveTargets = await mgr.atom('SAVE_TARGETS');
    let saved: string | undefined;
    mgr.on('event', (ev: X11Event) => {
      if (ev.type !== X.ev.SelectionRequest || ev.selection !== managerAtom || ev.target !== saveTargets) return;
      void readClipboardTarget(mgr, 'UTF8_STRING').then((item) => {
        saved = item?.data.toString('utf8');
        const b = Buffer.alloc(32);
        b[0] = X.ev.SelectionNotify;
        b.writeUInt32LE(ev.requestor ?? 0, 8);
        b.writeUInt32LE(managerAtom, 12);
        b.writeUInt32LE(saveTargets, 16);
        b.writeUInt32LE(ev.property ?? 0, 20);
        mgr.client.SendEvent(ev.requestor ?? 0, false, 0, b);
      });
    });
    mgr.client.SetSelectionOwner(mgr.window, managerAtom, await mgr.serverTime());
    const own = new X11TextInserter({ display: xvfb.display });
    try {
      await userCopies('keep me after quit');
      const a = await app({ wmClass: 'Editor', pasteOn: 'ctrl+v' });
      await a.focus();
      expect(await own.insert('dictated', await own.captureTarget(), { mode: 'insert' })).toMatchObject({ kind: 'inserted', restored: true });
      await own.shutdown();
      expect(saved).toBe('keep me after quit');
    } finally {
      own.dispose();
      mgr.close();
    }
  }, 20_000);
});
