import type { Logger } from '../../shared/logger';
import type { DictationPort } from '../dictation/dictation-port';
import type { HistoryPort } from '../history/history-port';
import type { QuickAskDeps } from '../quick/quick-ask-service';
import type { DemoConfig } from './session/demo-mode';
import type { SettingsGuard } from './settings/settings-guard';
import type {
  AppIdentity,
  EventSink,
  HotkeyPort,
  KeyStorePort,
  NotifierPort,
  SessionFactory,
  SettingsStorePort,
  ShellPort,
  ToolRuntimePort,
} from './ports';

/** What the AppController is built from: Electron's main process and the test host give different ports. */
export interface AppControllerDeps {
  identity: AppIdentity;
  sessionFactory: SessionFactory;
  settings: SettingsStorePort;
  keys: KeyStorePort;
  demo: DemoConfig;
  events: EventSink;
  logger: Logger;
  tools?: ToolRuntimePort;
  hotkey?: HotkeyPort;
  notifier?: NotifierPort;
  shell?: ShellPort;
  dictation?: DictationPort;
  /**
   * Confirms privileged changes in main (native dialog). Without one, privileged settings changes,
   * "allow" policies and remembered or dangerous approvals are refused: the page alone never grants them.
   */
  guard?: SettingsGuard;
  /** The history database (absent or `store: undefined`: nothing is saved; `openProblem` says why). */
  history?: { store: HistoryPort | undefined; openProblem?: string };
  /** The quick-ask launcher's ports (window, focus return, context reader, inserter, clipboard). */
  quick?: Pick<QuickAskDeps, 'window' | 'focus' | 'context' | 'inserter' | 'clipboard' | 'onRecent' | 'keepMs' | 'now'>;
  /** Test seam: flush answer timeout (ms). */
  flushTimeoutMs?: number;
  /** Test seam: how long a call waits for a connection (ms). */
  ensureTimeoutMs?: number;
}
