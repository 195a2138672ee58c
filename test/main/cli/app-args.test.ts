import { describe, expect, it } from 'vitest';
import { hasAction, parseAppArgs, questionWithContext } from '../../../src/main/cli/app-args';
import { parseDictateArgv } from '../../../src/main/dictation/dictate-argv';
import { resolveAskContext } from '../../../src/main/cli/ask-context';
import { contextResult, type ContextReader } from '../../../src/main/quick/context-reader';
import { clipboardOnlyReader, platformContextReader } from '../../../src/main/quick/platform-context-reader';

const ok = (argv: string[]) => {
  const r = parseAppArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.command;
};
const err = (argv: string[]) => {
  const r = parseAppArgs(argv);
  if (r.ok) throw new Error(`expected an error for ${argv.join(' ')}`);
  return r.error;
};

describe('parseAppArgs: the installed program\'s command line', () => {
  it('a plain launch, in development and packaged, with Chromium switches around it', () => {
    expect(ok(['/usr/lib/electron/electron', '.'])).toEqual({ quickAsk: false, hidden: false });
    expect(ok(['/opt/Inworld Desk/inworld-desk', '--allow-file-access-from-files', '--no-sandbox'])).toEqual({ quickAsk: false, hidden: false });
  });

  it('--ask with and without --context, as separate words or with =', () => {
    expect(ok(['/x/electron', '.', '--ask', 'what time is it'])).toMatchObject({ ask: { question: 'what time is it' } });
    expect(ok(['app', '--ask=summarise this', '--context=clipboard'])).toMatchObject({ ask: { question: 'summarise this', context: 'clipboard' } });
    expect(ok(['app', '--context', 'selection', '--ask', 'translate'])).toMatchObject({ ask: { question: 'translate', context: 'selection' } });
  });

  it('--dictate takes exactly toggle, start, stop, cancel or paste-last (the same list the running instance obeys)', () => {
    for (const a of ['toggle', 'start', 'stop', 'cancel', 'paste-last']) {
      expect(ok(['app', '--dictate', a]).dictate).toBe(a);
      expect(parseDictateArgv(['app', '--dictate', a])).toEqual({ action: a });
    }
    expect(err(['app', '--dictate', 'louder'])).toMatch(/--dictate must be one of toggle, start, stop, cancel, paste-last \(got "louder"\)/);
    expect(err(['app', '--dictate'])).toBe('--dictate needs a value');
  });

  it('--quick-ask and --hidden are switches', () => {
    expect(ok(['app', '--quick-ask', '--hidden'])).toEqual({ quickAsk: true, hidden: true });
    expect(hasAction(ok(['app', '--hidden']))).toBe(false);
    expect(hasAction(ok(['app', '--quick-ask']))).toBe(true);
    expect(hasAction(ok(['app', '--dictate', 'toggle']))).toBe(true);
  });

  it('refuses what cannot mean anything: a missing question, a lone or wrong --context, --ask with --dictate', () => {
    expect(err(['app', '--ask'])).toBe('--ask needs a value');
    expect(err(['app', '--ask', '   '])).toBe('--ask needs a value');
    expect(err(['app', '--ask', '--hidden'])).toBe('--ask needs a value'); // a flag is not a question
    expect(err(['app', '--context', 'clipboard'])).toMatch(/goes with --ask/);
    expect(err(['app', '--ask', 'q', '--context', 'screen'])).toMatch(/--context must be selection or clipboard \(got "screen"\)/);
    expect(err(['app', '--ask', 'q', '--dictate', 'toggle'])).toMatch(/cannot be combined/);
  });
});

describe('--context', () => {
  it('reads the clipboard through the context reader and attaches it to the question', async () => {
    const r = await resolveAskContext('clipboard', clipboardOnlyReader(() => 'the quarterly numbers'));
    expect(r).toEqual({ ok: true, context: { kind: 'clipboard', text: 'the quarterly numbers' } });
    expect(questionWithContext('summarise', r.ok ? r.context : undefined)).toBe('summarise\n\nContext (the clipboard):\n"""\nthe quarterly numbers\n"""');
  });

  it('says why when there is nothing to read: no selection on this system, an empty clipboard, a failing reader', async () => {
    await expect(resolveAskContext('selection', clipboardOnlyReader(() => 'x'))).resolves.toEqual({
      ok: false,
      error: 'the selection cannot be used: this system has no readable selection; copy the text and use the clipboard instead',
    });
    await expect(resolveAskContext('clipboard', undefined)).resolves.toEqual({ ok: false, error: 'the clipboard cannot be used: the clipboard cannot be read here' });
    await expect(resolveAskContext('clipboard', clipboardOnlyReader(() => '  \n'))).resolves.toEqual({ ok: false, error: 'the clipboard is empty' });
    const failing: ContextReader = { supports: ['selection'], read: () => Promise.reject(new Error('no X display')) };
    await expect(resolveAskContext('selection', failing)).resolves.toEqual({ ok: false, error: 'could not read the selection: no X display' });
    const x11Like: ContextReader = { supports: ['selection', 'clipboard'], read: async () => contextResult('hello') };
    await expect(resolveAskContext('selection', x11Like)).resolves.toMatchObject({ ok: true, context: { kind: 'selection', text: 'hello' } });
  });

  it('picks X11 selections on X11 only; elsewhere the clipboard when the host can read it', async () => {
    const x11 = platformContextReader({ platform: 'linux', env: { DISPLAY: ':9' } });
    expect(x11.supports).toEqual(['selection', 'clipboard']);
    // With a host clipboard (Electron's), the clipboard is read through it, the selection through X.
    const app = platformContextReader({ platform: 'linux', env: { DISPLAY: ':9' }, readClipboard: () => 'host clipboard' });
    expect(app.supports).toEqual(['selection', 'clipboard']);
    await expect(app.read('clipboard')).resolves.toEqual({ ok: true, text: 'host clipboard', truncated: false });
    expect(platformContextReader({ platform: 'linux', env: { DISPLAY: ':9', WAYLAND_DISPLAY: 'wayland-0' }, readClipboard: () => '' }).supports).toEqual(['clipboard']);
    expect(platformContextReader({ platform: 'darwin', env: {}, readClipboard: () => '' }).supports).toEqual(['clipboard']);
    expect(platformContextReader({ platform: 'win32', env: {} }).supports).toEqual([]);
  });
});
