/**
 * The real paste path into a real headed Chromium textarea on a private Xvfb: the transcript lands
 * in the textarea, and the user's clipboard (text/plain, text/html and a 1 MiB PNG served by another
 * X client) comes back byte for byte; an empty clipboard stays empty.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X11TextInserter } from '../../../../src/main/dictation/x11/x11-text-inserter';
import { X11Connection } from '../../../../src/main/dictation/x11/x11-connection';
import { ClipboardOwner } from '../../../../src/main/dictation/x11/clipboard-owner';
import { FakeXApp } from './fake-x-app';
import { launchChromiumTextarea, skipReason, startXvfb, until, wait, xclipRead, xdotool, type ChromiumApp, type Xvfb } from './x11-test-env';

const skip = skipReason(true);
if (skip) console.log(`[x11-inserter chromium] skipped: ${skip}`);

describe.skipIf(Boolean(skip))('X11TextInserter into a real Chromium textarea', () => {
  let xvfb: Xvfb;
  let app: ChromiumApp;
  let inserter: X11TextInserter;
  let user: X11Connection;

  beforeAll(async () => {
    xvfb = await startXvfb();
    app = await launchChromiumTextarea(xvfb.display);
    inserter = new X11TextInserter({ display: xvfb.display });
    user = await X11Connection.connect(xvfb.display);
  }, 60_000);

  afterAll(async () => {
    inserter?.dispose();
    user?.close();
    await app?.close();
    xvfb?.stop();
  });

  // Ready means Chromium itself knows it has the keyboard (X focus reached the browser process and
  // the textarea is the active element), not merely that xdotool asked for it.
  const focusChromium = async () => {
    xdotool(xvfb.display, 'windowfocus', '--sync', String(app.window));
    await app.page.focus('#t');
    await app.page.waitForFunction(() => document.hasFocus() && document.activeElement?.id === 't', undefined, { timeout: 5000 });
  };

  it('pastes into the textarea and restores text/plain, text/html and a 1 MiB PNG byte-identical', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(1024 * 1024 - 8)]);
    const html = Buffer.from('<b>previous</b> clipboard — with ü', 'utf8');
    const plain = Buffer.from('previous clipboard — with ü', 'utf8');
    const prior = new ClipboardOwner(user);
    expect(
      await prior.acquire([
        { target: 'text/plain', type: 'text/plain', format: 8, data: plain },
        { target: 'UTF8_STRING', type: 'UTF8_STRING', format: 8, data: plain },
        { target: 'text/html', type: 'text/html', format: 8, data: html },
        { target: 'image/png', type: 'image/png', format: 8, data: png },
      ]),
    ).toBe(true);
    await focusChromium();
    await app.clear();

    const target = await inserter.captureTarget();
    expect(target).toEqual({ windowId: String(app.window), windowClass: 'chromium' });
    const outcome = await inserter.insert('hello from dictation, naïve café', target, { mode: 'insert' });

    expect(outcome).toMatchObject({ kind: 'inserted', chord: 'ctrl+v', restored: true });
    await until(async () => (await app.value()) === 'hello from dictation, naïve café', 3000, 'the text in the textarea').catch(async (e) => {
      // What the textarea holds and which requests we saw explain a failure better than a timeout.
      console.log('[x11-inserter chromium] textarea:', JSON.stringify(await app.value()), 'requests:', inserter.lastRequests);
      throw e;
    });
    expect((await xclipRead(xvfb.display, 'text/plain'))?.equals(plain)).toBe(true);
    expect((await xclipRead(xvfb.display, 'text/html'))?.equals(html)).toBe(true);
    const pngBack = await xclipRead(xvfb.display, 'image/png');
    expect(pngBack?.length).toBe(png.length);
    expect(pngBack?.equals(png)).toBe(true);
    if (outcome.kind === 'inserted') {
      const t = outcome.timings;
      expect(t?.firstReadAt).toBeGreaterThan(t?.chordAt ?? Infinity);
      console.log(`[x11-inserter chromium] first read ${((t?.firstReadAt ?? 0) - (t?.chordAt ?? 0)).toFixed(1)} ms after the chord; restored ${((t?.restoredAt ?? 0) - (t?.lastReadAt ?? 0)).toFixed(1)} ms after the last read; reads ${t?.reads}`);
    }
    prior.dispose();
  }, 30_000);

  it('leaves an empty clipboard empty', { timeout: 30_000, retry: 2 }, async () => {
    const clipboard = await user.atom('CLIPBOARD');
    user.client.SetSelectionOwner(0, clipboard, 0);
    await user.sync();
    await focusChromium();
    await app.clear();
    const target = await inserter.captureTarget();
    const outcome = await inserter.insert('into an empty clipboard', target, { mode: 'insert' });
    expect(outcome).toMatchObject({ kind: 'inserted', restored: true });
    await until(async () => (await app.value()) === 'into an empty clipboard', 3000, 'the text in the textarea').catch(async (e) => {
      console.log('[x11-inserter chromium] textarea:', JSON.stringify(await app.value()), 'requests:', JSON.stringify(inserter.lastRequests.map((r) => r.target)));
      throw e;
    });
    expect(await user.call<number>((cb) => user.client.GetSelectionOwner(clipboard, cb))).toBe(0);
    // Retried: from an empty clipboard, right after the test before, Chromium sometimes (measured
    // about 1 in 3 runs of this file alone, never in a CI run so far) fires the paste event and
    // reads TARGETS and UTF8_STRING once, but its editor never makes the second read and inserts
    // nothing; a 30 ms wait between taking the clipboard and the chord did not change it. Open in
    // docs/ARCHITECTURE.md (dictation). A bug of ours would fail every attempt.
  });

  it('restores a 1 MiB PNG served by xclip (an independent INCR implementation) byte-identical', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(1024 * 1024 - 8)]);
    const xclip = spawn('xclip', ['-selection', 'clipboard', '-t', 'image/png', '-i'], {
      env: { ...process.env, DISPLAY: xvfb.display },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    xclip.stdin.end(png);
    const clipboard = await user.atom('CLIPBOARD');
    await until(async () => (await user.call<number>((cb) => user.client.GetSelectionOwner(clipboard, cb))) !== 0, 5000, 'xclip to own CLIPBOARD');
    await focusChromium();
    await app.clear();
    const outcome = await inserter.insert('over an image', await inserter.captureTarget(), { mode: 'insert' });
    expect(outcome).toMatchObject({ kind: 'inserted', restored: true });
    await until(async () => (await app.value()) === 'over an image', 3000, 'the text in the textarea');
    const back = await xclipRead(xvfb.display, 'image/png');
    expect(back?.length).toBe(png.length);
    expect(back?.equals(png)).toBe(true);
    xclip.kill();
  }, 30_000);

  it("restores what the user copied in Chromium itself (the target app is also the clipboard's owner)", async () => {
    await focusChromium();
    await app.page.fill('#t', 'copied inside chromium');
    await app.page.focus('#t');
    xdotool(xvfb.display, 'key', 'ctrl+a', 'ctrl+c');
    await until(async () => (await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString('utf8') === 'copied inside chromium', 5000, 'Chromium to own the copy');
    await app.clear();
    await wait(50);
    const outcome = await inserter.insert('dictated over a chromium copy', await inserter.captureTarget(), { mode: 'insert' });
    expect(outcome).toMatchObject({ kind: 'inserted', restored: true });
    await until(async () => (await app.value()) === 'dictated over a chromium copy', 3000, 'the text in the textarea');
    expect((await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString('utf8')).toBe('copied inside chromium');
    expect((await xclipRead(xvfb.display, 'text/plain'))?.toString('utf8')).toBe('copied inside chromium');
  }, 30_000);

  it('focus moved to another app mid-dictation: Chromium gets the focus back and the text, the other app nothing', async () => {
    await focusChromium();
    await app.clear();
    const target = await inserter.captureTarget();
    const other = await FakeXApp.start({ display: xvfb.display, wmClass: 'Other', pasteOn: 'ctrl+v' });
    try {
      await other.focus();
      const outcome = await inserter.insert('back to chromium', target, { mode: 'insert' });
      expect(outcome).toMatchObject({ kind: 'inserted' });
      await until(async () => (await app.value()) === 'back to chromium', 3000, 'the text in the textarea');
      expect(other.keys).toHaveLength(0);
      expect(other.pasted).toHaveLength(0);
    } finally {
      other.close();
    }
  }, 30_000);
});
