import type { ConnectionSnapshot, NoticeLevel } from '../../shared/conversation';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import type { AudioToMain, AudioToRenderer } from '../../shared/ipc/audio-messages';
import type { CallHandlers, EventPayload } from '../../shared/ipc/contract';
import type { Settings } from '../../shared/settings';
import { DictationHook } from '../dictation/dictation-hook';
import { CallFailure } from '../../shared/ipc/call-result';
import { seedEntries, type SeedItem } from '../history/seed-budget';
import { HistoryService } from './history/history-service';
import { EntryStream } from './session/entry-stream';
import { ConversationLog } from './session/conversation-log';
import { PlaybackBridge } from './session/playback-bridge';
import { routeAudio } from './session/audio-router';
import { PttCoordinator, type PttSource } from './session/ptt-coordinator';
import { notConnectedFailure, sessionHandlers } from './session/session-calls';
import { liveOptionsPatch, SessionHolder } from './session/session-holder';
import { runTrayAction } from './shell/tray-actions';
import { dictationHandlers } from '../dictation/dictation-port';
import type { TrayAction } from './shell/tray-model';
import { PrivilegedCalls } from './settings/privileged-calls';
import { QuickAskService } from '../quick/quick-ask-service';
import { QuickAskHold } from '../quick/quick-ask-hold';
import { quickHandlers } from '../quick/quick-handlers';
import type { HotkeyStatus } from './ports';

import type { AppControllerDeps } from './app-controller-deps';

export type { AppControllerDeps };

/** Audio sink of one attached renderer; returns false when it cannot deliver. */
export type AudioSink = (message: AudioToRenderer) => boolean;

const NO_HOTKEY: HotkeyStatus = { accelerator: '', behaviour: 'auto', registered: false, holdSupported: false };

/**
 * Everything the assistant does, behind the bridge contract and free of Electron: one handler per
 * contract call, contract events out through an EventSink, and the audio glue between the renderer
 * (mic frames, playback progress) and the realtime session. Electron's main process and the browser
 * test host construct this same class with different ports.
 */
export class AppController implements Disposable {
  private readonly log = new ConversationLog();
  /** What the window is sent of the conversation: whole entries, or the text a streaming one grew by. */
  private readonly stream: EntryStream;
  private readonly holder: SessionHolder;
  private readonly ptt: PttCoordinator;
  private readonly playback: PlaybackBridge;
  private readonly audioSinks = new Set<AudioSink>();
  private readonly subscriptions = new DisposableStore();
  private pttSource: PttSource | 'none' = 'none';
  /** `--dictate …` from the command line; the dictation service registers with `dictation.on`. */
  readonly dictation = new DictationHook();
  /** The settings as of the last change, to apply only what changed. */
  private lastSettings: Settings;
  private readonly privileged: PrivilegedCalls;
  private readonly history: HistoryService;
  /** One handler per contract call (ipc/ and the test host register these). */
  readonly handlers: CallHandlers;
  /** The tray launcher: its own conversation, continued here on request. */
  readonly quick: QuickAskService;
  /** The quick-ask hotkey on the native hook: tap opens the launcher, hold speaks the question. */
  readonly quickKey: QuickAskHold;

  constructor(private readonly deps: AppControllerDeps) {
    this.privileged = new PrivilegedCalls(deps);
    this.stream = new EntryStream({
      entry: (e) => deps.events.emit('conversation.entry', e),
      delta: (d) => deps.events.emit('conversation.delta', d),
    });
    this.playback = new PlaybackBridge((m) => this.postAudio(m), deps.flushTimeoutMs);
    deps.dictation?.connectRenderer((m) => this.postAudio(m));
    this.holder = new SessionHolder({
      factory: deps.sessionFactory,
      keys: deps.keys,
      demo: deps.demo,
      settings: () => deps.settings.get(),
      endpointConfirmed: () => deps.guard !== undefined,
      playback: this.playback,
      logger: deps.logger,
      ensureTimeoutMs: deps.ensureTimeoutMs,
      tools: deps.tools?.executor,
    });
    this.subscriptions.add(this.holder.on('connection', (snapshot) => this.onConnectionChange(snapshot)));
    this.subscriptions.add(
      this.holder.on('entry', (entry) => {
        this.log.upsert(entry);
        this.history.onEntry(entry);
        this.stream.push(entry);
      }),
    );
    this.subscriptions.add(
      this.holder.on('audio', (a) => {
        this.history.onAudio(a.itemId, a.pcm);
        this.postAudio({ kind: 'out', responseId: a.responseId, itemId: a.itemId, pcm: a.pcm });
      }),
    );
    // The session usually also calls playback.stop(); a second flush is harmless and makes sure a
    // flush without a stop (e.g. on disconnect) still silences the speaker.
    this.subscriptions.add(this.holder.on('audioFlush', () => void this.playback.stop()));
    this.subscriptions.add(this.holder.on('metrics', (m) => deps.events.emit('turn.metrics', this.history.onMetrics(m))));
    this.subscriptions.add(this.holder.on('notice', (n) => this.notice(n.level, n.message, n.action)));
    this.ptt = new PttCoordinator({
      post: (m) => this.postAudio(m),
      ensureSession: () => this.holder.ensure(),
      currentSession: () => this.holder.current,
      // The renderer records `tailMs` after release, then sends mic-end; allow generous slack.
      micEndTimeoutMs: () => deps.settings.get().audio.tailMs + 1500,
      onActiveChange: (_active, source) => {
        this.pttSource = source;
        this.emitPtt();
      },
      logger: deps.logger,
    });
    this.history = new HistoryService({
      ...(deps.history ?? { store: undefined }),
      ...deps,
      notice: (level, message) => this.notice(level, message),
      startFresh: (seed) => this.startFresh(seed),
    });
    this.handlers = this.contractHandlers();
    this.quick = new QuickAskService({
      sessionFactory: deps.sessionFactory,
      keys: deps.keys,
      demo: deps.demo,
      settings: () => deps.settings.get(),
      events: deps.events,
      logger: deps.logger,
      post: (m) => this.postAudio(m),
      ...(deps.tools ? { tools: deps.tools.executor } : {}),
      ...deps.quick,
      // Typed or spoken, a launcher exchange is saved as a quick query.
      onAnswered: (question, answer) => this.history.recordQuick(question, answer),
      continueInMain: async (entries) => {
        const session = await this.holder.ensure();
        if (!session) throw this.notConnected();
        session.importMessages(entries);
        this.deps.shell?.showWindow();
        this.showScreen('conversation');
      },
    });
    this.quickKey = new QuickAskHold({
      open: () => this.openQuickAsk(),
      voice: (action) => this.quick.voice(action),
      abortVoice: () => this.quick.abortVoice(),
      logger: deps.logger,
    });
    this.subscriptions.add(deps.settings.onDidChange((s) => this.onSettingsChanged(s)));
    if (deps.hotkey) this.subscriptions.add(deps.hotkey.onStatus(() => this.emitPtt()));
    if (deps.tools) {
      const t = deps.tools;
      this.subscriptions.add(t.onMcpStatus((s) => deps.events.emit('mcp.status', s)));
      this.subscriptions.add(t.onApprovalRequest((r) => this.onApprovalRequest(r)));
      this.subscriptions.add(
        t.onApprovalResolved((r) => {
          this.privileged.approvalResolved(r.requestId);
          deps.events.emit('approval.resolved', r);
        }),
      );
    }
    this.lastSettings = deps.settings.get();
  }

  // ---- the bridge contract ------------------------------------------------------------------

  private contractHandlers(): CallHandlers {
    return {
      ...dictationHandlers(() => this.deps.dictation),
      ...this.privileged.handlers,
      ...this.history.handlers,
      'app.info': () => ({ ...this.deps.identity, demo: this.deps.demo.demo }),
      'app.quickAsk': async ({ text }) => ({ answer: await this.quickAsk(text) }),
      ...quickHandlers(() => this.quick),
      ...sessionHandlers({
        holder: this.holder,
        settings: this.deps.settings,
        logger: this.deps.logger,
        state: () => this.connectionState(),
        abortPtt: () => this.ptt.abort(),
      }),
      'conversation.list': () => this.log.list(),
      // "Clear" means "New conversation": the model forgets too, so a reconnect cannot replay it.
      'conversation.clear': (input, sender) => this.history.handlers['conversation.new'](input, sender),
      'ptt.press': async () => {
        await this.pttPress('window');
        return { ok: true };
      },
      'ptt.release': async () => {
        await this.pttRelease('window');
        return { ok: true };
      },
      'ptt.state': () => this.pttState(),
      'settings.get': () => this.deps.settings.get(),
      'apiKey.status': () => this.deps.keys.status(),
      'apiKey.set': ({ key }) => this.deps.keys.set(key),
      'apiKey.clear': () => this.deps.keys.clear(),
      'tools.list': () => this.deps.tools?.list() ?? [],
      'mcp.list': () => this.deps.tools?.mcpStatus() ?? [],
      'logs.open': async () => {
        if (!this.deps.shell) throw new CallFailure('Logs cannot be opened from this host.');
        await this.deps.shell.openLogs();
        return { ok: true };
      },
    };
  }

  // ---- audio and push-to-talk ---------------------------------------------------------------

  /** Attach one renderer's audio channel; it is told the current capture mode at once. */
  attachAudio(sink: AudioSink): Disposable {
    this.audioSinks.add(sink);
    const s = this.deps.settings.get();
    sink({ kind: 'capture-mode', mode: s.mode, armed: this.holder.state.status === 'ready' });
    return { dispose: () => this.audioSinks.delete(sink) };
  }

  /** One message from a renderer's audio channel; anything malformed is dropped, never thrown. */
  handleAudio(message: AudioToMain): void {
    routeAudio(message, {
      ...(this.deps.dictation ? { dictation: this.deps.dictation } : {}),
      quick: this.quick,
      ptt: this.ptt,
      playback: this.playback,
      captureProblem: (text) => this.notifyIfHidden('error', text),
      dropped: () => this.deps.logger.warn('audio: unknown message dropped'),
    });
  }

  pttPress(source: PttSource): Promise<void> {
    return this.ptt.press(source);
  }

  async pttRelease(source: PttSource): Promise<void> {
    const r = await this.ptt.release(source);
    if (!r.committed && r.reason && r.reason !== 'not talking') this.deps.logger.info('ptt: turn not committed', r);
  }

  /** Drop a held turn without committing (hotkey lost, screen locked, window gone). */
  pttAbort(): void {
    this.ptt.abort();
  }

  get pttActive(): boolean {
    return this.ptt.active;
  }

  /** Tells the window which screen to show (tray "Settings"); showing the window itself is the shell's job. */
  showScreen(screen: EventPayload<'ui.navigate'>['screen']): void {
    this.deps.events.emit('ui.navigate', { screen });
  }

  /**
   * Opens the launcher (tray "Ask…", its hotkey, `--quick-ask` forwarded from a second instance),
   * optionally with a preset or a recent question (its index, newest first) filled in.
   */
  openQuickAsk(opts: { presetId?: string; recent?: number } = {}): Promise<void> {
    const recent = opts.recent !== undefined ? this.quick.recentQueries()[opts.recent] : undefined;
    if (recent) this.quick.saveDraft(recent);
    return this.quick.open(opts.presetId ? { presetId: opts.presetId } : {});
  }

  /** A click in the tray menu. */
  trayAction(action: TrayAction): void {
    // The launcher's own items (presets, recent questions) open it filled in.
    if (action.startsWith('quick-preset:')) return void this.openQuickAsk({ presetId: action.slice('quick-preset:'.length) });
    if (action.startsWith('quick-recent:')) return void this.openQuickAsk({ recent: Number(action.slice('quick-recent:'.length)) });
    const { settings, shell, logger } = this.deps;
    runTrayAction(action, {
      pttActive: this.ptt.active,
      pttPress: (s) => this.pttPress(s),
      pttRelease: (s) => this.pttRelease(s),
      showScreen: (s) => this.showScreen(s),
      settings,
      shell,
      logger,
      ...(this.deps.dictation ? { dictation: this.deps.dictation } : {}),
    });
  }

  /**
   * `app.quickAsk` and a forwarded `--ask`: a text-only query in the launcher's own conversation
   * (saved as a quick query), its answer also shown as a notification.
   */
  async quickAsk(text: string): Promise<string> {
    const r = await this.quick.ask(text, false);
    const body = r.answer || 'No answer.';
    this.deps.notifier?.notify({ title: 'Inworld Desk', body, level: r.status === 'completed' ? 'info' : 'warn' });
    return body;
  }

  connectionState(): EventPayload<'session.state'> {
    return { ...this.holder.state, mode: this.deps.settings.get().mode, demo: this.deps.demo.demo };
  }

  pttState(): EventPayload<'ptt.state'> {
    return { active: this.ptt.active, source: this.pttSource, hotkey: this.deps.hotkey?.status() ?? NO_HOTKEY };
  }

  async dispose(): Promise<void> {
    this.subscriptions.dispose();
    this.history.dispose();
    this.ptt.abort();
    await this.quick.dispose();
    await this.holder.disconnect();
    this.audioSinks.clear();
  }

  // ---- internals ----------------------------------------------------------------------------

  /** New conversation / Continue: clear what is shown, show the seed, open a new model context. */
  private async startFresh(seed: SeedItem[]): Promise<void> {
    this.ptt.abort();
    this.log.clear();
    this.deps.events.emit('conversation.cleared', {});
    this.stream.reset();
    for (const e of seedEntries(seed, Date.now())) {
      this.log.upsert(e);
      this.stream.push(e);
    }
    await this.holder.restart(seed);
  }

  private notConnected(): CallFailure {
    return notConnectedFailure(this.holder);
  }

  private postAudio(message: AudioToRenderer): boolean {
    let delivered = false;
    for (const sink of [...this.audioSinks]) {
      try {
        delivered = sink(message) || delivered;
      } catch (err) {
        this.deps.logger.warn('audio: sink failed', { error: String(err) });
      }
    }
    return delivered;
  }

  private onConnectionChange(snapshot: ConnectionSnapshot): void {
    const state = this.connectionState();
    this.deps.events.emit('session.state', state);
    const mode = this.deps.settings.get().mode;
    this.ptt.setMode(mode, snapshot.status === 'ready');
    if (snapshot.status === 'error' && snapshot.error) {
      this.notifyIfHidden('error', `${snapshot.error.message} ${snapshot.error.fix}`.trim());
    }
  }

  private onSettingsChanged(settings: Settings): void {
    const prev = this.lastSettings;
    this.lastSettings = settings;
    this.deps.events.emit('settings.changed', settings);
    const session = this.holder.current;
    const patch = liveOptionsPatch(prev, settings);
    if (patch && session) session.updateOptions(patch);
    if (settings.mode !== prev.mode) {
      this.ptt.setMode(settings.mode, this.holder.state.status === 'ready');
      this.deps.events.emit('session.state', this.connectionState());
    }
    if (settings.endpoint !== prev.endpoint && session && !this.deps.demo.endpointOverride) {
      this.notice('info', 'The new endpoint is used from the next connection.');
    }
    if (settings.hotkeys.talk !== prev.hotkeys.talk || settings.hotkeys.talkBehaviour !== prev.hotkeys.talkBehaviour) {
      this.deps.hotkey?.configure(settings.hotkeys.talk, settings.hotkeys.talkBehaviour);
    }
    if (settings.launchAtLogin !== prev.launchAtLogin) this.deps.shell?.setLaunchAtLogin(settings.launchAtLogin);
  }

  private onApprovalRequest(request: EventPayload<'approval.request'>): void {
    this.privileged.approvalOpened(request);
    this.deps.events.emit('approval.request', request);
    this.notifyIfHidden('warn', `${request.tool} wants to run: ${request.summary}`);
  }

  private emitPtt(): void {
    this.deps.events.emit('ptt.state', this.pttState());
  }

  private notice(level: NoticeLevel, message: string, action?: 'retry-response'): void {
    this.deps.events.emit('notice', { level, message, ...(action ? { action } : {}) });
    if (level === 'error') this.notifyIfHidden(level, message);
  }

  private notifyIfHidden(level: NoticeLevel, body: string): void {
    if (!this.deps.notifier || this.deps.shell?.isWindowVisible() !== false) return;
    this.deps.notifier.notify({ title: 'Inworld Desk', body, level });
  }
}
