/**
 * What `--dictate …` (a desktop shortcut, the .desktop action, a second launch forwarding its argv)
 * asks the dictation service to do. One list for the app's argv parser and the running instance.
 */
export const DICTATE_ACTIONS = ['toggle', 'start', 'stop', 'cancel', 'paste-last'] as const;
export type DictateAction = (typeof DICTATE_ACTIONS)[number];
