/**
 * `npm run dictate -- --wav FILE` with the default `--output paste`, on a private Xvfb with a real
 * headed Chromium textarea as the focused app: the CLI goes through the app's own X11 paste path,
 * the words land in the textarea, and the user's clipboard (served by another client, xclip) is
 * still there after the CLI has exited, though no clipboard manager runs. Skips without the tools.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICTATE_EXIT, runDictate } from '../../../src/main/cli/dictate';
import { endpoint, startSimulator, type Simulator } from '../dictation/dictation-sim';
import { toneWav } from '../dictation/recording-inserter';
import { launchChromiumTextarea, skipReason, startXvfb, until, xclipRead, xdotool, type ChromiumApp, type Xvfb } from '../dictation/x11/x11-test-env';

const skip = skipReason(true);
if (skip) console.log(`[dictate-paste] skipped: ${skip}`);

describe.skipIf(Boolean(skip))('dictate --output paste into a real Chromium window', () => {
  let sim: Simulator;
  let xvfb: Xvfb;
  let app: ChromiumApp;
  let dir: string;
  let owner: ChildProcess | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
    xvfb = await startXvfb();
    app = await launchChromiumTextarea(xvfb.display);
    dir = mkdtempSync(join(tmpdir(), 'dictate-paste-'));
    writeFileSync(join(dir, 'speech.wav'), toneWav(800, 24_000, 1));
  }, 60_000);
  afterAll(async () => {
    owner?.kill();
    await app?.close();
    xvfb?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pastes into the focused window, exit 0; the user\'s clipboard outlives the CLI', async () => {
    owner = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['pipe', 'ignore', 'ignore'] });
    owner.stdin!.end("the user's clipboard");
    await until(async () => (await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString() === "the user's clipboard", 5000, 'xclip to own CLIPBOARD');
    xdotool(xvfb.display, 'windowfocus', '--sync', String(app.window));
    await app.page.focus('#t');
    let out = '';
    let err = '';
    const code = await runDictate(['--wav', join(dir, 'speech.wav'), '--endpoint', endpoint(sim, { sim_transcript: 'Typed by the terminal twin.' }), '--json'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { INWORLD_DESK_DATA: join(dir, 'data'), INWORLD_API_KEY: sim.key, DISPLAY: xvfb.display },
    });
    expect(err).toBe('');
    expect(code).toBe(DICTATE_EXIT.ok);
    expect(JSON.parse(out)).toMatchObject({ text: 'Typed by the terminal twin.', outcome: 'inserted', target_class: 'chromium' });
    await until(async () => (await app.value()) === 'Typed by the terminal twin.', 3000, 'the text in the textarea');
    // The CLI has returned and closed its X connection: the clipboard is the user's again.
    expect((await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString()).toBe("the user's clipboard");
  }, 60_000);
});
