/**
 * `inworld-desk --ask "…" --context selection` with no instance running, on a real X server (Xvfb
 * under scripts/test.mjs): the selection another client owns (xclip) goes under the question, read
 * through the same reader the launcher uses, and the CLIPBOARD keeps its exact bytes. Against the
 * strict simulator's echo scenario, so the answer shows what the model was sent. Skips without X.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../../src/main/cli/app-args';
import { EXIT } from '../../../src/main/cli/ask';
import { runHeadlessAsk } from '../../../src/main/cli/headless-ask';
import { platformContextReader } from '../../../src/main/quick/platform-context-reader';
import { resolveDemoConfig } from '../../../src/main/services/session/demo-mode';
import { defaultSettings } from '../../../src/shared/settings';
import { startSimulator, type Simulator } from '../../sim/index';
import { clipboardBytes, ownSelection, releaseSelections, x11SkipReason } from '../support/x11-selection';

const skipReason = x11SkipReason();
if (skipReason) console.log(`[headless-ask-x11] skipped: ${skipReason}`);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  releaseSelections();
  await sim.close();
});

describe.skipIf(Boolean(skipReason))('headless --ask --context selection on X11', () => {
  it('asks about the selected text; the clipboard is untouched', async () => {
    const clip = Buffer.from('what the user copied earlier\n', 'utf8');
    await ownSelection('clipboard', clip);
    await ownSelection('primary', 'Der schnelle braune Fuchs springt über den faulen Hund.');
    const parsed = parseAppArgs(['/opt/Inworld Desk/inworld-desk', '--ask', 'Translate this to English', '--context', 'selection']);
    if (!parsed.ok || !parsed.command.ask) throw new Error('not an --ask command line');
    let out = '';
    let err = '';
    const code = await runHeadlessAsk(parsed.command.ask, {
      keys: { read: async () => sim.key },
      settings: { ...defaultSettings(), endpoint: `${sim.url}?sim_scenario=echo` },
      demo: resolveDemoConfig({}),
      context: platformContextReader({ platform: 'linux', env: { DISPLAY: process.env.DISPLAY } }),
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('Translate this to English');
    expect(out).toContain('Der schnelle braune Fuchs springt über den faulen Hund.');
    expect(out).not.toContain('what the user copied earlier');
    expect(clipboardBytes().equals(clip)).toBe(true);
  });
});
