/**
 * What the running app does with a command line: its own at start, or one a second launch forwarded
 * through `second-instance` (`inworld-desk --dictate toggle` bound to a desktop shortcut, a .desktop
 * action, a script's `--ask`). Electron-free; the composition root supplies the targets.
 */
import { questionWithContext, type AppCommand } from '../../cli/app-args';
import { resolveAskContext } from '../../cli/ask-context';
import type { ContextReader } from '../../quick/context-reader';
import type { DictateAction } from '../../dictation/dictate-action';
import type { Logger } from '../../../shared/logger';

export interface CommandTargets {
  showWindow(): void;
  openQuickAsk(): void;
  /** A text-only question whose answer the app shows (AppController.quickAsk: a notification). */
  ask(question: string): Promise<unknown>;
  /** False when no dictation service is registered. */
  dictation(action: DictateAction): boolean;
  notify(level: 'info' | 'warn' | 'error', message: string): void;
  /** The launcher's context reader: `--ask --context` reads exactly as the launcher does. */
  context: ContextReader;
  logger: Logger;
}

/**
 * `launch` is how the command arrived: 'start' (this process's own argv) or 'second-instance'. A
 * second launch with no action shows the window, as launching a running app does everywhere; with
 * `--hidden` only (an autostart entry racing a running app) it does nothing.
 */
export async function applyCommand(command: AppCommand, launch: 'start' | 'second-instance', t: CommandTargets): Promise<void> {
  if (command.dictate) {
    if (!t.dictation(command.dictate)) t.notify('warn', 'Dictation is not available in this version.');
    t.logger.info('command line: dictate', { action: command.dictate, launch });
  }
  if (command.quickAsk) t.openQuickAsk();
  if (command.ask) {
    const { question, context } = command.ask;
    let text = question;
    if (context) {
      const ctx = await resolveAskContext(context, t.context);
      if (!ctx.ok) {
        t.notify('warn', `Ask: ${ctx.error}.`);
        return;
      }
      text = questionWithContext(question, ctx.context);
    }
    t.logger.info('command line: ask', { launch, context: context ?? 'none' });
    try {
      await t.ask(text);
    } catch (err) {
      t.notify('error', `Ask failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (launch === 'second-instance' && !command.dictate && !command.quickAsk && !command.ask && !command.hidden) t.showWindow();
}
