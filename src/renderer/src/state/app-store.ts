import type { NoticeLevel } from '../../../shared/conversation';
import type { AssistantApi } from '../../../shared/ipc/bridge-api';
import type { CallOutput, EventPayload } from '../../../shared/ipc/contract';
import type { SettingsPatch } from '../../../shared/settings';

/**
 * Everything the UI shows that comes from main, kept in one immutable snapshot so React renders
 * it through useSyncExternalStore. Main is the source of truth; this only mirrors its events.
 */
export type Entry = EventPayload<'conversation.entry'>;
export type SessionState = EventPayload<'session.state'>;
export type Metrics = EventPayload<'turn.metrics'>;
export type Approval = EventPayload<'approval.request'>;
export type Settings = CallOutput<'settings.get'>;
export type KeyStatus = CallOutput<'apiKey.status'>;
export type PttState = CallOutput<'ptt.state'>;
export type AppInfo = CallOutput<'app.info'>;
export type ToolInfo = CallOutput<'tools.list'>[number];
export type McpStatus = EventPayload<'mcp.status'>[number];
export type Screen = EventPayload<'ui.navigate'>['screen'];
export type PendingChange = EventPayload<'settings.pending'>['pending'][number];
export type UsageTotals = EventPayload<'usage.totals'>;
export type HistoryStatus = EventPayload<'history.status'>;
export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  /** A button the notice offers (retry-response: ask for the answer again). */
  action?: 'retry-response';
}

export interface AppState {
  loaded: boolean;
  loadError?: string;
  info?: AppInfo;
  session: SessionState;
  entries: Entry[];
  metrics: Record<string, Metrics>;
  settings?: Settings;
  keyStatus?: KeyStatus;
  ptt?: PttState;
  approvals: Approval[];
  notices: Notice[];
  /** Which screen the window shows; main can ask for one (tray "Settings"). */
  screen: Screen;
  /** Every known tool, offered or not (undefined until first loaded). */
  tools?: ToolInfo[];
  /** Live status of the configured MCP servers. */
  mcp: McpStatus[];
  /** Privileged settings changes waiting for the user's answer in main's own dialog. */
  pendingChanges: PendingChange[];
  /** Session and day cost totals for the status bar (estimates). */
  usage?: UsageTotals;
  historyStatus?: HistoryStatus;
  /** Bumped whenever the stored history changes, so open history views reload. */
  historyVersion: number;
}

const INITIAL: AppState = {
  loaded: false,
  session: { status: 'offline', mode: 'push-to-talk', phase: 'idle', demo: false },
  entries: [],
  metrics: {},
  approvals: [],
  notices: [],
  screen: 'conversation',
  mcp: [],
  pendingChanges: [],
  historyVersion: 0,
};

const MAX_NOTICES = 4;
/**
 * The window stays open all day: the list shows the newest MAX_ENTRIES (as many as main's
 * conversation log keeps), and figures are kept only for as many responses. Approvals normally
 * leave on `approval.resolved`; the cap only guards against a lost resolution.
 */
export const MAX_ENTRIES = 500;
export const MAX_METRICS = 500;
export const MAX_APPROVALS = 20;

export class AppStore {
  private state: AppState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly unsubs: Array<() => void> = [];
  private noticeSeq = 0;
  /** Only the newest tools.list answer is applied, so a slow earlier one cannot overwrite it. */
  private toolsSeq = 0;
  /** Bumped by every MCP status push, so a list fetched before it is not applied after it. */
  private mcpSeq = 0;
  /** Bumped by every settings.changed, so an update's answer never replaces a newer pushed state. */
  private settingsSeq = 0;

  constructor(readonly api: AssistantApi) {}

  getSnapshot = (): AppState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Subscribe first, then load: an event racing the initial fetch is not lost. */
  async init(): Promise<void> {
    const a = this.api;
    this.unsubs.push(
      a.session.onState((session) => this.set({ session })),
      a.conversation.onEntry((e) => this.upsert(e)),
      a.conversation.onDelta((d) => this.appendText(d.id, d.append)),
      a.conversation.onCleared(() => this.set({ entries: [], metrics: {} })),
      a.turn.onMetrics((m) => this.setMetrics(m)),
      a.ptt.onState((ptt) => this.set({ ptt })),
      a.approval.onRequest((r) =>
        this.set({ approvals: [...this.state.approvals.filter((x) => x.requestId !== r.requestId), r].slice(-MAX_APPROVALS) }),
      ),
      a.approval.onResolved((r) => this.set({ approvals: this.state.approvals.filter((x) => x.requestId !== r.requestId) })),
      a.onNotice((n) => this.notify(n.level, n.message, n.action)),
      // Which tools exist depends on settings (folders, run_command, MCP servers) and on MCP servers coming up.
      a.settings.onChanged((settings) => {
        this.settingsSeq++;
        this.set({ settings });
        void this.refreshTools();
      }),
      a.settings.onPending(({ pending }) => this.set({ pendingChanges: pending })),
      a.mcp.onStatus((mcp) => {
        this.mcpSeq++;
        this.set({ mcp });
        void this.refreshTools();
      }),
      a.ui.onNavigate(({ screen }) => this.showScreen(screen)),
      a.usage.onTotals((usage) => this.set({ usage })),
      a.history.onStatus((historyStatus) => this.set({ historyStatus })),
      a.history.onChanged(() => this.set({ historyVersion: this.state.historyVersion + 1 })),
    );
    void this.run('Loading the cost totals', () => a.usage.totals()).then((usage) => usage && !this.state.usage && this.set({ usage }));
    // A history that was damaged (moved aside) or cannot be opened is said once, on the main screen.
    void this.run('Loading the history status', () => a.history.status()).then((historyStatus) => {
      if (!historyStatus || this.state.historyStatus) return;
      this.set({ historyStatus });
      if (historyStatus.problem) this.notify('warn', historyStatus.problem);
    });
    void this.refreshTools();
    void this.refreshMcp();
    try {
      const [info, session, entries, settings, keyStatus, ptt] = await Promise.all([
        a.app.info(),
        a.session.state(),
        a.conversation.list(),
        a.settings.get(),
        a.apiKey.status(),
        a.ptt.state(),
      ]);
      // Entries that streamed in while loading are newer than the list: keep them.
      const merged = [...entries];
      for (const e of this.state.entries) {
        const i = merged.findIndex((x) => x.id === e.id);
        if (i >= 0) merged[i] = e;
        else merged.push(e);
      }
      this.set({ loaded: true, info, session, entries: merged.slice(-MAX_ENTRIES), settings, keyStatus, ptt });
    } catch (err) {
      this.set({ loaded: true, loadError: String((err as Error).message ?? err) });
    }
  }

  dispose(): void {
    for (const u of this.unsubs.splice(0)) u();
  }

  notify(level: Notice['level'], message: string, action?: Notice['action']): void {
    const notices = [...this.state.notices, { id: ++this.noticeSeq, level, message, ...(action ? { action } : {}) }].slice(-MAX_NOTICES);
    this.set({ notices });
  }

  showScreen(screen: Screen): void {
    if (this.state.screen !== screen) this.set({ screen });
  }

  /** Reloads the tool list; failures become a notice, and an older answer never replaces a newer one. */
  async refreshTools(): Promise<void> {
    const seq = ++this.toolsSeq;
    const tools = await this.run('Loading the tools', () => this.api.tools.list());
    if (seq === this.toolsSeq && Array.isArray(tools)) this.set({ tools });
  }

  async refreshMcp(): Promise<void> {
    const seq = ++this.mcpSeq;
    const mcp = await this.run('Loading the MCP servers', () => this.api.mcp.list());
    if (seq === this.mcpSeq && Array.isArray(mcp)) this.set({ mcp });
  }

  async setToolPolicy(name: string, policy: ToolInfo['policy']): Promise<void> {
    const done = await this.run(`Changing the policy of ${name}`, () => this.api.tools.setPolicy({ name, policy }));
    if (done) await this.refreshTools();
  }

  /** The "Retry" of a "server stopped answering" notice: ask again, and the notice goes. */
  async retryResponse(id: number): Promise<void> {
    this.dismissNotice(id);
    await this.run('Retry', () => this.api.session.retry());
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  /**
   * Sends only what changed: main merges the patch into the stored settings and validates the result.
   * Privileged parts come back as `pending` (main asks in its own dialog); if confirmed they arrive later as settings.changed.
   */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    // `pending` is also announced by the settings.pending event, which (unlike this answer) also
    // says when the dialog was answered, so the banner follows the event alone.
    const seq = this.settingsSeq;
    const { settings } = await this.api.settings.update(patch);
    // A confirmed privileged part may have been pushed (settings.changed) before this answer arrived.
    if (seq === this.settingsSeq) this.set({ settings });
    // Whether an environment key counts depends on allowEnvKey, and main sends no key event.
    if (patch.allowEnvKey !== undefined) this.set({ keyStatus: await this.api.apiKey.status() });
    return settings;
  }

  async setKey(key: string): Promise<KeyStatus> {
    const keyStatus = await this.api.apiKey.set({ key });
    this.set({ keyStatus });
    return keyStatus;
  }

  async clearKey(): Promise<KeyStatus> {
    const keyStatus = await this.api.apiKey.clear();
    this.set({ keyStatus });
    return keyStatus;
  }

  /** Runs a bridge call and turns a failure into a visible notice instead of an unhandled rejection. */
  async run<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.notify('error', `${what} failed: ${(err as Error).message ?? String(err)}`);
      return undefined;
    }
  }

  private upsert(e: Entry): void {
    const entries = this.state.entries;
    const i = entries.findIndex((x) => x.id === e.id);
    const next = i >= 0 ? entries.with(i, e) : [...entries, e].slice(-MAX_ENTRIES);
    this.set({ entries: next });
  }

  /** A streaming message grew; one it does not have (e.g. after a reload) comes whole when final. */
  private appendText(id: string, append: string): void {
    const entries = this.state.entries;
    const i = entries.findLastIndex((x) => x.id === id); // the streaming one is nearly always last
    const e = entries[i];
    if (!e || e.kind !== 'message' || e.final) return;
    this.set({ entries: entries.with(i, { ...e, text: e.text + append }) });
  }

  /** Keeps figures for the newest MAX_METRICS responses (object keys keep insertion order). */
  private setMetrics(m: Metrics): void {
    const { [m.responseId]: _replaced, ...rest } = this.state.metrics;
    const keys = Object.keys(rest);
    const metrics: Record<string, Metrics> = {};
    for (const k of keys.slice(Math.max(0, keys.length - (MAX_METRICS - 1)))) metrics[k] = rest[k]!;
    metrics[m.responseId] = m;
    this.set({ metrics });
  }

  private set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
