/**
 * `npm run ask --context selection|clipboard` and `--preset` under a real X server (Xvfb, see
 * scripts/test.mjs): another X client (xclip) owns PRIMARY and CLIPBOARD; the question sent to the
 * simulator holds the selected text, and the CLIPBOARD's bytes are the same afterwards.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/index';
import { EXIT, runAsk } from '../../../src/main/cli/ask';
import { clipboardBytes, ownSelection, releaseSelections, x11SkipReason } from '../support/x11-selection';

const skipReason = x11SkipReason();
if (skipReason) console.log(`[ask-context-x11] skipped: ${skipReason}`);

function sink() {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
}

/** The input_text parts the simulator received, over all sessions so far. */
function sentTexts(sim: Simulator): string[] {
  return sim.sessions.flatMap((s) =>
    s.clientEvents
      .map((e) => e.event as { type?: string; item?: { content?: Array<{ type: string; text?: string }> } })
      .filter((e) => e.type === 'conversation.item.create')
      .flatMap((e) => (e.item?.content ?? []).filter((c) => c.type === 'input_text').map((c) => c.text ?? '')),
  );
}

describe.skipIf(Boolean(skipReason))('ask --context / --preset under X11', () => {
  let sim: Simulator;
  const clip = Buffer.from('The clipboard must stay byte for byte: ✓ \u00e9\n\ttab', 'utf8');
  beforeAll(async () => {
    sim = await startSimulator();
    await ownSelection('clipboard', clip);
    await ownSelection('primary', Buffer.from('Photosynthesis turns light into chemical energy.', 'utf8'));
  });
  afterAll(async () => {
    releaseSelections();
    await sim.close();
  });

  const env = () => ({ INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: `${sim.url}?sim_scenario=echo`, DISPLAY: process.env.DISPLAY });

  it('--context selection sends the PRIMARY selection with the question; the clipboard is untouched', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runAsk(['--context', 'selection', 'What does this mean?'], { stdout, stderr, env: env() });
    expect(stderr.text).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(sentTexts(sim)).toContain('What does this mean?\n\nPhotosynthesis turns light into chemical energy.');
    expect(stdout.text).toContain('Photosynthesis turns light');
    expect(clipboardBytes().equals(clip)).toBe(true);
  });

  it('--preset fills its placeholder (the real CLI, as `npm run ask` runs it)', async () => {
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    // Asynchronously: the simulator runs in this process and must keep answering.
    const child = spawn(tsx, [join(__dirname, '..', '..', '..', 'src', 'main', 'cli', 'ask.ts'), '--preset', 'Summarize', '--context', 'clipboard'], {
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const status = await new Promise<number | null>((r) => child.on('exit', r));
    expect(err).toBe('');
    expect(status).toBe(EXIT.ok);
    expect(sentTexts(sim)).toContain(`Summarize in three bullet points:\n\n${clip.toString('utf8')}`.trim());
    expect(clipboardBytes().equals(clip)).toBe(true);
  });

  it('an unknown preset or an empty selection is a usage error that says why', async () => {
    const a = sink();
    expect(await runAsk(['--preset', 'Nope', 'x'], { stdout: sink(), stderr: a, env: env() })).toBe(EXIT.usage);
    expect(a.text).toMatch(/unknown preset "Nope" \(known: Explain, /);
    const b = sink();
    const noX = { INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: sim.url };
    expect(await runAsk(['--context', 'selection', 'x'], { stdout: sink(), stderr: b, env: noX })).toBe(EXIT.usage);
    expect(b.text).toMatch(/the selection cannot be used/);
  });
});
