/**
 * The installed program's command line, parsed without Electron:
 *
 *   inworld-desk --ask "question" [--context selection|clipboard]
 *   inworld-desk --dictate toggle|start|stop|cancel|paste-last
 *   inworld-desk --quick-ask
 *   inworld-desk --hidden
 *
 * The same parser reads our own process.argv and the argv a second instance forwards through
 * `second-instance`, so both carry whatever Electron and Chromium put there too (the executable, the
 * app path in development, `--allow-file-access-from-files`, …): anything that is not one of our
 * flags is ignored, while one of our flags with a missing or wrong value is a usage error.
 */
import { DICTATE_ACTIONS, type DictateAction } from '../dictation/dictate-action';
import { HIDDEN_FLAG } from '../services/shell/autostart';

export const ASK_CONTEXTS = ['selection', 'clipboard'] as const;
export type AskContext = (typeof ASK_CONTEXTS)[number];

export interface AppCommand {
  ask?: { question: string; context?: AskContext };
  dictate?: DictateAction;
  quickAsk: boolean;
  hidden: boolean;
}

export type ParsedAppArgs = { ok: true; command: AppCommand } | { ok: false; error: string };

export const APP_USAGE =
  'usage: inworld-desk [--ask "question" [--context selection|clipboard]] [--dictate toggle|start|stop|cancel|paste-last] [--quick-ask] [--hidden]';

const VALUE_FLAGS = new Set(['--ask', '--context', '--dictate']);

function oneOf<T extends string>(values: readonly T[], v: string): v is T {
  return (values as readonly string[]).includes(v);
}

export function parseAppArgs(argv: readonly string[]): ParsedAppArgs {
  const command: AppCommand = { quickAsk: false, hidden: false };
  let context: string | undefined;
  let question: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--quick-ask') command.quickAsk = true;
    else if (flag === HIDDEN_FLAG) command.hidden = true;
    if (!VALUE_FLAGS.has(flag)) continue;
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) value = argv[++i];
    if (value === undefined || value.trim() === '') return { ok: false, error: `${flag} needs a value` };
    if (flag === '--ask') question = value.trim();
    else if (flag === '--context') context = value.trim();
    else {
      const action = value.trim();
      if (!oneOf(DICTATE_ACTIONS, action)) return { ok: false, error: `--dictate must be one of ${DICTATE_ACTIONS.join(', ')} (got "${action}")` };
      command.dictate = action;
    }
  }
  if (context !== undefined) {
    if (!oneOf(ASK_CONTEXTS, context)) return { ok: false, error: `--context must be selection or clipboard (got "${context}")` };
    if (question === undefined) return { ok: false, error: '--context goes with --ask "question"' };
  }
  if (question !== undefined) command.ask = { question, ...(context ? { context: context as AskContext } : {}) };
  if (command.ask && command.dictate) return { ok: false, error: '--ask and --dictate cannot be combined' };
  return { ok: true, command };
}

/** Whether a command asks for anything beyond "start (or show) the app". */
export function hasAction(c: AppCommand): boolean {
  return Boolean(c.ask || c.dictate || c.quickAsk);
}

/** The question with its context attached, as the model sees it. */
export function questionWithContext(question: string, context: { kind: AskContext; text: string } | undefined): string {
  if (!context || !context.text.trim()) return question;
  const label = context.kind === 'selection' ? 'the selected text' : 'the clipboard';
  return `${question}\n\nContext (${label}):\n"""\n${context.text.trim()}\n"""`;
}
