import { isDictationTurn, TURN_ID_BASE } from '../services/session/turn-ids';
import type { DictationEntry, DictationOutcomeInfo, DictationStatus, DictationView } from '../../shared/dictation';
import type { AudioToMain, AudioToRenderer } from '../../shared/ipc/audio-messages';
import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import type { DemoConfig } from '../services/session/demo-mode';
import type { EventSink, HotkeyStatus, KeyStorePort, NotifierPort, SettingsStorePort } from '../services/ports';
import { DictationPipeline, type DictationResult } from './dictation-pipeline';
import type { DictationPort } from './dictation-port';
import type { DictationJournal } from './journal';
import type { TextInserter } from './text-inserter';
import { Transcriber, type TranscriberOptions } from './transcriber';
import { TranscriberSlot } from './transcriber-slot';
import { triggerWords } from './trigger-words';

/**
 * Hotkey dictation in the app, free of Electron: key down → the renderer's capture starts (its
 * warm-mic ring gives the pre-roll) and the pipeline records the focused window; key up → capture
 * off, wait for the release tail (`mic-end`), then transcribe and insert. Esc cancels at any time.
 * Mic frames of dictation turns carry their own turn ids, so they never reach the assistant.
 */
export interface DictationControllerDeps {
  settings: SettingsStorePort;
  keys: KeyStorePort;
  demo: DemoConfig;
  inserter: TextInserter;
  journal: DictationJournal;
  events: EventSink;
  logger: Logger;
  notifier?: NotifierPort;
  /** Push-to-talk is using the microphone: dictation waits its turn. */
  pttActive(): boolean;
  /** The dictation hotkey's wiring (a HotkeyService of its own) and the paste-last key's registration. */
  hotkey?: () => HotkeyStatus;
  pasteLastRegistered?: () => boolean;
  transcriberFactory?: (o: TranscriberOptions) => Transcriber;
  /** The overlay window takes clicks only while the pointer is over its cancel button. */
  onOverlayHover?: (over: boolean) => void;
}

/** Dictation turn ids live far above push-to-talk's (which count from 1). */

interface Turn {
  id: number;
  started: Promise<boolean>;
  held: ArrayBuffer[];
  live: boolean;
  micEnded: boolean;
  onMicEnd?: () => void;
}

export class DictationController implements DictationPort {
  private readonly slot = new TranscriberSlot();
  private readonly pipeline: DictationPipeline;
  private post: (m: AudioToRenderer) => boolean = () => false;
  private nextId = TURN_ID_BASE.dictation;
  private turn: Turn | undefined;
  private closing: Turn | undefined;
  private transcriberKey = '';

  constructor(private readonly deps: DictationControllerDeps) {
    this.pipeline = new DictationPipeline({
      transcriber: this.slot,
      inserter: deps.inserter,
      journal: deps.journal,
      settings: () => deps.settings.get().dictation,
      logger: deps.logger,
    });
    this.pipeline.on('view', (v) => deps.events.emit('dictation.state', v));
    this.pipeline.on('entry', (e) => deps.events.emit('dictation.entry', e));
    deps.settings.onDidChange((s) => this.onSettings(s));
    const n = deps.journal.recovered.filter((e) => e.state === 'unconfirmed').length;
    if (n > 0) {
      deps.notifier?.notify({
        title: 'Inworld Desk',
        level: 'warn',
        body: `${n === 1 ? 'A dictation was' : `${n} dictations were`} not confirmed before the app stopped. "Paste last dictation" inserts the newest; all are listed under Dictations.`,
      });
    }
  }

  connectRenderer(post: (m: AudioToRenderer) => boolean): void {
    this.post = post;
  }

  /** Opens the dictation connection ahead of the first use (key-up → text stays short). */
  async warm(): Promise<void> {
    const t = await this.ensureTranscriber();
    await t?.warm().catch((err: unknown) => this.deps.logger.warn('dictation: warm-up failed', { error: String(err) }));
  }

  handleAudio(m: AudioToMain): boolean {

    if (m?.kind !== 'mic' && m?.kind !== 'mic-end') return false;
    const turn = this.turn?.id === m.turnId ? this.turn : this.closing?.id === m.turnId ? this.closing : undefined;
    if (!turn) return isDictationTurn(m.turnId); // a stale dictation frame is still not push-to-talk's
    if (m.kind === 'mic-end') {
      turn.micEnded = true;
      turn.onMicEnd?.();
    } else if (m.pcm instanceof ArrayBuffer && !turn.micEnded) {
      if (turn.live) this.pipeline.append(m.pcm);
      else turn.held.push(m.pcm);
    }
    return true;
  }

  toggle(source: string): void {
    if (this.turn) this.stop(source);
    else this.start(source);
  }

  start(source: string): void {
    if (this.turn || this.closing) return;
    const s = this.deps.settings.get();
    if (this.deps.pttActive()) return this.notice('Push-to-talk is using the microphone; dictate after it.');
    if (s.mode === 'hands-free') return this.notice('Dictation needs push-to-talk mode: hands-free streams the microphone to the assistant.');
    const turn: Turn = { id: this.nextId++, started: Promise.resolve(false), held: [], live: false, micEnded: false };
    this.turn = turn;
    // Capture first, so the pre-roll and the first words are in, whatever the connection is doing.
    this.post({ kind: 'capture', turnId: turn.id, on: true });
    turn.started = this.begin(turn, source);
  }

  stop(_source: string): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = undefined;
    this.closing = turn;
    this.post({ kind: 'capture', turnId: turn.id, on: false });
    void this.finish(turn);
  }

  /** Esc: while held, during the tail or while transcribing; nothing is inserted. */
  cancel(): void {
    const turn = this.turn ?? this.closing;
    this.turn = undefined;
    this.closing = undefined;
    if (turn) this.post({ kind: 'capture', turnId: turn.id, on: false });
    this.pipeline.cancel();
  }

  /** Recording or transcribing: the window in which Esc means "cancel the dictation". */
  get busy(): boolean {
    return this.turn !== undefined || this.closing !== undefined || this.pipeline.recording;
  }

  overlayHover(over: boolean): void {
    this.deps.onOverlayHover?.(over);
  }

  get active(): boolean {
    return this.turn !== undefined;
  }

  async pasteLast(): Promise<DictationOutcomeInfo> {
    return outcomeInfo(await this.pipeline.pasteLast());
  }

  async insertAgain(id: string): Promise<DictationOutcomeInfo> {
    return outcomeInfo(await this.pipeline.insertAgain(id));
  }

  async copy(id: string): Promise<DictationOutcomeInfo> {
    return outcomeInfo(await this.pipeline.insertAgain(id, 'copy-only'));
  }

  list(): DictationEntry[] {
    return this.deps.journal.list().slice(0, 100);
  }

  view(): DictationView {
    return this.pipeline.state;
  }

  status(): DictationStatus {
    const s = this.deps.settings.get().dictation;
    const hk = this.deps.hotkey?.() ?? { accelerator: s.hotkey, behaviour: s.behaviour, registered: false, holdSupported: false };
    return {
      accelerator: hk.accelerator,
      behaviour: hk.behaviour,
      registered: hk.registered,
      holdSupported: hk.holdSupported,
      trigger: triggerWords(hk),
      pasteLast: { accelerator: s.pasteLastHotkey, registered: this.deps.pasteLastRegistered?.() ?? false },
      ...(hk.problem ? { problem: hk.problem } : {}),
      recovered: this.deps.journal.recovered.length,
    };
  }

  async dispose(): Promise<void> {
    this.cancel();
    const t = this.slot.transcriber;
    this.slot.set(undefined);
    await t?.close();
  }

  // ---- internals ----------------------------------------------------------------------------

  private async begin(turn: Turn, source: string): Promise<boolean> {
    const t = await this.ensureTranscriber().catch((err: unknown) => {
      this.deps.logger.warn('dictation: no transcriber', { error: String(err) });
      return undefined;
    });
    if (this.turn !== turn && this.closing !== turn) return false; // cancelled meanwhile
    if (!t) {
      this.cancel();
      this.notice('Dictation needs an API key (Settings).');
      return false;
    }
    this.pipeline.start(source);
    turn.live = true;
    for (const pcm of turn.held) this.pipeline.append(pcm);
    turn.held = [];
    return true;
  }

  private async finish(turn: Turn): Promise<void> {
    const tailWait = this.deps.settings.get().audio.tailMs + 1500;
    await new Promise<void>((resolve) => {
      if (turn.micEnded) return resolve();
      const timer = setTimeout(resolve, tailWait);
      turn.onMicEnd = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const started = await turn.started;
    if (this.closing !== turn) return; // cancelled during the tail
    this.closing = undefined;
    if (!started) return;
    const r = await this.pipeline.stop();
    if (r.outcome.kind === 'unconfirmed' || (r.outcome.kind === 'copied' && r.outcome.reason !== 'copy-only')) {
      this.deps.notifier?.notify({ title: 'Inworld Desk', level: 'info', body: `Copied — press Ctrl+V. (${r.outcome.reason})` });
    } else if (r.outcome.kind === 'failed') {
      this.deps.notifier?.notify({ title: 'Inworld Desk', level: 'warn', body: `Dictation failed: ${r.outcome.reason}. The text is kept under Dictations.` });
    }
  }

  private async ensureTranscriber(): Promise<Transcriber | undefined> {
    const s = this.deps.settings.get();
    const { demo } = this.deps;
    const apiKey = demo.demo ? demo.demoKey : await this.deps.keys.read();
    if (!apiKey) return undefined;
    const endpoint = demo.endpointOverride ?? s.endpoint;
    const key = `${endpoint}\n${apiKey}\n${s.model}\n${s.transcriptionModel}`;
    if (this.slot.transcriber && key === this.transcriberKey) return this.slot.transcriber;
    const make = this.deps.transcriberFactory ?? ((o: TranscriberOptions) => new Transcriber(o));
    const t = make({
      endpoint, apiKey, model: s.model, transcriptionModel: s.transcriptionModel,
      language: s.dictation.language || s.language, vocabulary: s.dictation.vocabulary, logger: this.deps.logger,
    });
    this.transcriberKey = key;
    this.slot.set(t);
    return t;
  }

  private onSettings(s: Settings): void {
    this.slot.transcriber?.configure({ language: s.dictation.language || s.language, vocabulary: s.dictation.vocabulary });
    this.deps.events.emit('dictation.status', this.status());
  }

  private notice(message: string): void {
    this.deps.events.emit('notice', { level: 'info', message });
  }
}

function outcomeInfo(r: DictationResult): DictationOutcomeInfo {
  const o = r.outcome;
  return { outcome: o.kind, ...('reason' in o ? { reason: o.reason } : {}) };
}
