import { DICTATE_ACTIONS, type DictateAction } from './dictate-action';

/**
 * `--dictate toggle|start|stop|cancel|paste-last` on the app's command line. A second launch of the
 * installed app forwards its argv to the running instance (single-instance lock), so Wayland and
 * tiling-WM users bind a system shortcut to `inworld-desk --dictate toggle`. Pure: the composition
 * root calls it on the first instance's argv and on every `second-instance` argv.
 */

export type DictateArg = { action: DictateAction } | { error: string } | undefined;

export function parseDictateArgv(argv: readonly string[]): DictateArg {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    let value: string | undefined;
    if (a === '--dictate') value = argv[i + 1];
    else if (a.startsWith('--dictate=')) value = a.slice('--dictate='.length);
    else continue;
    if (value && (DICTATE_ACTIONS as readonly string[]).includes(value)) return { action: value as DictateAction };
    return { error: `--dictate needs one of ${DICTATE_ACTIONS.join(', ')}${value ? ` (got "${value.slice(0, 40)}")` : ''}` };
  }
  return undefined;
}
