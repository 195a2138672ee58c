/** What `--dictate …` (a desktop shortcut, the .desktop action) asks the dictation service to do. */
export const DICTATE_ACTIONS = ['toggle', 'start', 'stop', 'cancel'] as const;
export type DictateAction = (typeof DICTATE_ACTIONS)[number];
