/**
 * The quick-ask launcher's brain, free of Electron: its own realtime session (so quick queries do
 * not land in the main conversation unless continued), typed and spoken queries, the draft and the
 * last exchange kept for a few minutes after a hide, focus given back to the app that had it, and
 * the answer actions (copy, insert, continue, retry). The window, focus, context, inserter and
 * clipboard are ports the host gives it.
 */
import type { ConversationEntry, TurnPhase } from '../../shared/conversation';
import type { AudioToRenderer } from '../../shared/ipc/audio-messages';
import type { CallInput, CallOutput, EventPayload } from '../../shared/ipc/contract';
import { stripMarkdown } from '../../shared/markdown';
import type { Settings } from '../../shared/settings';
import type { InsertTarget, TextInserter } from '../dictation/text-inserter';
import { CallFailure } from '../../shared/ipc/call-result';
import type { Logger } from '../../shared/logger';
import type { RealtimeSession } from '../realtime/session-api';
import type { DemoConfig } from '../services/session/demo-mode';
import { PlaybackBridge } from '../services/session/playback-bridge';
import { PttCoordinator } from '../services/session/ptt-coordinator';
import { isQuickTurn, TURN_ID_BASE } from '../services/session/turn-ids';
import { SessionHolder } from '../services/session/session-holder';
import type { EventSink, KeyStorePort, SessionFactory } from '../services/ports';
import type { ToolExecutor } from '../tools/tool-executor';
import { unsupported, type ContextReader } from './context-reader';
import type { FocusHandle, FocusReturn } from './x11/focus-return';

/** The launcher's window, as the service drives it (Electron: QuickAskWindow). */
export interface QuickWindowPort {
  show(): void;
  hide(): void;
  isVisible(): boolean;
}

export interface ClipboardWriter {
  writeText(text: string): void;
}

export interface QuickAskDeps {
  sessionFactory: SessionFactory;
  keys: KeyStorePort;
  demo: DemoConfig;
  settings: () => Settings;
  events: EventSink;
  logger: Logger;
  /** To the renderers' audio channels (capture for voice queries, the player for spoken answers). */
  post(message: AudioToRenderer): boolean;
  tools?: ToolExecutor;
  window?: QuickWindowPort;
  focus?: FocusReturn;
  context?: ContextReader;
  inserter?: TextInserter;
  clipboard?: ClipboardWriter;
  /** Carries the exchange into the main conversation and shows the main window. */
  continueInMain(entries: ConversationEntry[]): Promise<void>;
  /** A finished exchange (typed or spoken question, final answer), for the history. */
  onAnswered?(question: string, answer: string): void;
  /** Called after each query, for the tray's "Recent" submenu. */
  onRecent?(recent: readonly string[]): void;
  now?: () => number;
  /** How long a hidden launcher keeps its draft and exchange (default 5 min). */
  keepMs?: number;
}

/** Quick answers are read in a small window: short, Markdown allowed. */
const QUICK_INSTRUCTIONS =
  'You answer quick questions in a small launcher window. Be brief and direct; use Markdown (lists, `code`, fenced code blocks) when it helps.';
/** Voice and flush ids of the launcher count from here, apart from the main window's. */
export const QUICK_ID_BASE = TURN_ID_BASE.quick;
const RECENT_MAX = 8;

export class QuickAskService {
  private readonly entries = new Map<string, ConversationEntry>();
  private readonly holder: SessionHolder;
  private readonly ptt: PttCoordinator;
  readonly playback: PlaybackBridge;
  private phase: TurnPhase = 'idle';
  private draft = '';
  private hiddenAt: number | undefined;
  private focusHandle: FocusHandle | undefined;
  private target: InsertTarget | undefined;
  private lastQuestion: string | undefined;
  private voiceSpoken = false;
  private spokenSession: RealtimeSession | undefined;
  private spokenDefault = true;
  private readonly recent: string[] = [];
  /** The latest final question (typed or transcribed), paired with the next final answer. */
  private lastUserText: string | undefined;
  private readonly answered = new Set<string>();

  constructor(private readonly deps: QuickAskDeps) {
    this.playback = new PlaybackBridge((m) => deps.post(m), 400, QUICK_ID_BASE);
    this.holder = new SessionHolder({
      factory: deps.sessionFactory,
      keys: deps.keys,
      demo: deps.demo,
      // The launcher always talks push-to-talk style (hold to speak), whatever the main mode is.
      settings: () => {
        const s = deps.settings();
        return { ...s, mode: 'push-to-talk', instructions: `${QUICK_INSTRUCTIONS}\n\n${s.instructions}` };
      },
      playback: this.playback,
      logger: deps.logger,
      ...(deps.tools ? { tools: deps.tools } : {}),
    });
    this.holder.on('entry', (e) => this.onEntry(e));
    this.holder.on('audio', (a) => deps.post({ kind: 'out', responseId: a.responseId, itemId: a.itemId, pcm: a.pcm }));
    this.holder.on('audioFlush', () => void this.playback.stop());
    this.holder.on('connection', (snap) => this.setPhase(snap.phase));
    this.ptt = new PttCoordinator({
      post: (m) => deps.post(m),
      ensureSession: () => this.session(),
      currentSession: () => this.holder.current,
      micEndTimeoutMs: () => deps.settings().audio.tailMs + 1500,
      onActiveChange: () => this.emitState(),
      logger: deps.logger,
      firstTurnId: QUICK_ID_BASE,
    });
  }

  // ---- opening and hiding -------------------------------------------------------------------

  /** Hotkey, tray "Ask…", `--quick-ask`: remember who had focus, then show the launcher. */
  async open(opts: { presetId?: string } = {}): Promise<void> {
    if (!this.deps.window?.isVisible()) {
      // Both are read before our window takes focus; either may be unknown (then nothing is restored).
      const [focus, target] = await Promise.all([
        this.deps.focus?.capture().catch(() => undefined),
        this.deps.inserter?.captureTarget().catch(() => undefined),
      ]);
      this.focusHandle = focus;
      this.target = target;
    }
    this.expireIfStale();
    this.deps.window?.show();
    // Warm the launcher's session while the user types or speaks, so the question goes out at once.
    if (this.holder.state.status === 'offline') void this.holder.connect().catch((err) => this.deps.logger.info('quick session not ready yet', { error: String(err) }));
    this.deps.events.emit('quick.opened', { ...(opts.presetId ? { presetId: opts.presetId } : {}), at: this.now() });
    this.emitState();
  }

  /** Esc twice, blur, or an action: cancel a streaming answer, keep the draft, give focus back. */
  async hide(draft?: string): Promise<void> {
    if (draft !== undefined) this.draft = draft;
    if (this.ptt.active) this.ptt.abort();
    if (this.phase === 'thinking' || this.phase === 'speaking') await this.cancel();
    const wasVisible = this.deps.window?.isVisible() ?? false;
    this.deps.window?.hide();
    this.hiddenAt = this.now();
    if (wasVisible && this.focusHandle) await this.deps.focus?.restore(this.focusHandle);
    this.emitState();
  }

  /** The window lost focus (a click elsewhere): hide, keeping everything. */
  onBlur(): void {
    if (this.deps.window?.isVisible()) void this.hide();
  }

  private expireIfStale(): void {
    if (this.hiddenAt === undefined || this.now() - this.hiddenAt <= (this.deps.keepMs ?? 5 * 60_000)) return;
    void this.reset();
  }

  /** Forget the exchange and the draft; the next query opens a fresh conversation. */
  async reset(): Promise<void> {
    this.entries.clear();
    this.answered.clear();
    this.lastUserText = undefined;
    this.draft = '';
    this.lastQuestion = undefined;
    this.hiddenAt = undefined;
    this.ptt.abort();
    await this.holder.disconnect();
    this.emitState();
  }

  // ---- queries ------------------------------------------------------------------------------

  async ask(text: string, spoken = this.deps.settings().quick.spokenByDefault): Promise<CallOutput<'quick.ask'>> {
    const session = await this.session();
    if (!session) throw this.notConnected();
    this.lastQuestion = text;
    this.draft = '';
    this.remember(text);
    if (spoken) this.speakAnswers(session, true);
    const result = await session.sendText(text, { textOnly: !spoken });
    if (result.status === 'failed' && !result.text) throw new CallFailure(result.error ? `The assistant could not answer: ${result.error}` : 'The assistant could not answer.');
    return { answer: result.text, status: result.status };
  }

  async retry(spoken?: boolean): Promise<void> {
    if (!this.lastQuestion) throw new CallFailure('There is no question to ask again.');
    void this.ask(this.lastQuestion, spoken).catch((err) => this.deps.logger.warn('quick retry failed', { error: String(err) }));
  }

  /** Stops the answer: `response.cancel` while it streams, playback cut to what was heard. */
  async cancel(): Promise<void> {
    await this.holder.current?.interrupt();
  }

  async voice(action: 'start' | 'stop', spoken?: boolean): Promise<void> {
    if (action === 'start') {
      this.voiceSpoken = spoken ?? this.deps.settings().quick.spokenByDefault;
      const session = await this.session();
      if (!session) throw this.notConnected();
      // A spoken question's answer follows the per-query choice (text only unless asked to speak).
      this.speakAnswers(session, this.voiceSpoken);
      await this.ptt.press('window');
      return;
    }
    const r = await this.ptt.release('window');
    if (!r.committed && r.reason !== 'not talking') this.deps.logger.info('quick voice turn not committed', r);
  }

  /** A voice question dropped before it was sent (the hotkey was only tapped): nothing is committed. */
  abortVoice(): void {
    if (this.ptt.active) this.ptt.abort();
  }

  /** True when this turn id belongs to the launcher's voice capture. */
  ownsTurn(turnId: number): boolean {
    return isQuickTurn(turnId);
  }

  onMic(turnId: number, pcm: ArrayBuffer): void {
    this.ptt.onMic(turnId, pcm);
  }

  onMicEnd(turnId: number): void {
    this.ptt.onMicEnd(turnId);
  }

  // ---- actions ------------------------------------------------------------------------------

  async readContext(kind: CallInput<'quick.context'>['kind']): Promise<CallOutput<'quick.context'>> {
    const reader = this.deps.context;
    const r = reader && reader.supports.includes(kind) ? await reader.read(kind) : unsupported(kind);
    return r.ok ? { text: r.text, truncated: r.truncated } : { reason: `The ${kind} cannot be used: ${r.reason}.` };
  }

  copy(text: string): void {
    if (!this.deps.clipboard) throw new CallFailure('The clipboard is not available here.');
    this.deps.clipboard.writeText(text);
  }

  /** Insert (or replace the selection) in the app that had focus; copy-only where there is no inserter. */
  async insert(markdown: string): Promise<CallOutput<'quick.insert'>> {
    const text = stripMarkdown(markdown);
    await this.hide();
    if (!this.deps.inserter) {
      this.copy(text);
      return { outcome: 'copied', message: 'Copied: this system cannot type into other apps, paste it with Ctrl+V.' };
    }
    const r = await this.deps.inserter.insert(text, this.target, { mode: 'insert' });
    const message = r.kind === 'inserted' ? 'Inserted.' : r.reason;
    return { outcome: r.kind, message };
  }

  /** The exchange moves to the main window, same ids; the launcher starts afresh next time. */
  async continueInMain(): Promise<void> {
    const entries = [...this.entries.values()].filter((e) => e.kind === 'message' && e.final && e.text.trim());
    if (entries.length === 0) throw new CallFailure('There is nothing to continue yet.');
    await this.hide();
    await this.deps.continueInMain(entries);
    await this.reset();
  }

  saveDraft(draft: string): void {
    this.draft = draft;
  }

  recentQueries(): readonly string[] {
    return this.recent;
  }

  state(): EventPayload<'quick.state'> {
    return {
      phase: this.phase,
      draft: this.draft,
      entries: [...this.entries.values()],
      visible: this.deps.window?.isVisible() ?? false,
      voice: this.ptt.active,
      canInsert: Boolean(this.deps.inserter),
      contextKinds: [...(this.deps.context?.supports ?? [])],
    };
  }

  handleFlushed(requestId: number, played: Array<{ itemId: string; playedSamples: number }>): void {
    if (requestId >= QUICK_ID_BASE) this.playback.onFlushed(requestId, played);
  }

  async dispose(): Promise<void> {
    this.ptt.abort();
    await this.holder.disconnect();
  }

  // ---- internals ----------------------------------------------------------------------------

  private session(): Promise<RealtimeSession | undefined> {
    return this.holder.ensure();
  }

  /** The session's default output (used by voice turns and non-text-only responses), set only on change. */
  private speakAnswers(session: RealtimeSession, spoken: boolean): void {
    if (this.spokenSession === session && this.spokenDefault === spoken) return;
    this.spokenSession = session;
    this.spokenDefault = spoken;
    session.updateOptions({ outputModalities: spoken ? ['audio', 'text'] : ['text'] });
  }

  private notConnected(): CallFailure {
    const e = this.holder.state.error;
    return new CallFailure(e ? `${e.message} ${e.fix}`.trim() : 'Not connected to the realtime service yet. Try again in a moment.');
  }

  private onEntry(entry: ConversationEntry): void {
    this.entries.set(entry.id, entry);
    if (entry.kind === 'message' && entry.final && entry.text) {
      if (entry.role === 'user') this.lastUserText = entry.text;
      else if (entry.role === 'assistant' && this.lastUserText !== undefined && !this.answered.has(entry.id)) {
        this.answered.add(entry.id);
        this.deps.onAnswered?.(this.lastUserText, entry.text);
      }
    }
    this.deps.events.emit('quick.entry', entry);
  }

  private remember(text: string): void {
    const line = text.replace(/\s+/g, ' ').trim();
    const at = this.recent.indexOf(line);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(line);
    this.recent.length = Math.min(this.recent.length, RECENT_MAX);
    this.deps.onRecent?.(this.recent);
  }

  private setPhase(phase: TurnPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.emitState();
  }

  private emitState(): void {
    this.deps.events.emit('quick.state', this.state());
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}
