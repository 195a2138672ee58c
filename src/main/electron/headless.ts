import { app } from 'electron';
import type { AppCommand } from '../cli/app-args';
import { runHeadlessAsk } from '../cli/headless-ask';
import { FileLogger } from '../services/logging/file-logger';
import { resolveDemoConfig } from '../services/session/demo-mode';
import { openStores } from './stores';
import { electronContextReader } from './quick-ports';

/**
 * `inworld-desk --ask "…"` with no instance running: no window, no tray; the answer on stdout and
 * the exit code of `npm run ask`. The log goes to the app's log file only, so stdout stays the answer.
 */
export async function runHeadless(ask: NonNullable<AppCommand['ask']>): Promise<number> {
  const logger = new FileLogger({ dir: app.getPath('logs'), echo: false, level: 'info' });
  app.dock?.hide();
  const { settings, keys } = await openStores(logger);
  const demo = resolveDemoConfig(process.env);
  logger.info('headless ask', { demo: demo.demo, context: ask.context ?? 'none' });
  return runHeadlessAsk(ask, {
    keys,
    settings: settings.get(),
    demo,
    context: electronContextReader(),
    stdout: process.stdout,
    stderr: process.stderr,
    // Saved as a quick query in the app's history, unless the user keeps none.
    history: settings.get().history.retention !== 'off',
    env: process.env,
  });
}
