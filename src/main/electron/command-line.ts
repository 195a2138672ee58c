import { app } from 'electron';
import { APP_USAGE, parseAppArgs, type AppCommand } from '../cli/app-args';
import type { Logger } from '../../shared/logger';
import { applyCommand, type CommandTargets } from '../services/shell/command-router';
import { runHeadless } from './headless';

/**
 * The process's own command line (cli/app-args.ts), before `ready`. A bad one: usage on stderr, exit
 * 2. A second launch loses the single-instance lock and quits; Electron hands its argv to the
 * running instance (`second-instance`, see forwardSecondInstances). A first launch with --ask
 * answers headless and exits; any other first launch starts the app with its command.
 */
export function launchFromCommandLine(
  start: (command: AppCommand) => Promise<void>,
  onStartupError: (err: unknown) => void,
): void {
  const cli = parseAppArgs(process.argv);
  if (!cli.ok) {
    process.stderr.write(`inworld-desk: ${cli.error}\n${APP_USAGE}\n`);
    app.exit(2);
  } else if (!app.requestSingleInstanceLock()) {
    if (cli.command.ask) process.stdout.write('inworld-desk: asked the running Inworld Desk; its answer appears there\n');
    app.quit();
  } else if (cli.command.ask) {
    // Headless: let a normal launch meanwhile start the real app instead of forwarding to us.
    app.releaseSingleInstanceLock();
    const ask = cli.command.ask;
    app.whenReady().then(() => runHeadless(ask)).then(
      (code) => app.exit(code),
      (err: unknown) => {
        process.stderr.write(`ask: ${err instanceof Error ? err.message : String(err)}\n`);
        app.exit(1);
      },
    );
  } else {
    const command = cli.command;
    // Every start-up error, whether before or inside start(), ends in a visible error window.
    app.whenReady().then(() => start(command)).catch(onStartupError);
  }
}

/** Applies the start command, then every command line a second launch forwards. */
export function runCommands(command: AppCommand, targets: CommandTargets, logger: Logger): void {
  void applyCommand(command, 'start', targets);
  app.on('second-instance', (_event, argv) => {
    const forwarded = parseAppArgs(argv);
    if (!forwarded.ok) {
      logger.warn('second instance: bad command line', { error: forwarded.error });
      targets.notify('warn', `inworld-desk: ${forwarded.error}`);
      return;
    }
    void applyCommand(forwarded.command, 'second-instance', targets);
  });
}
