import { TypedEmitter } from '../../shared/typed-emitter';
import type { Disposable } from '../../shared/disposable';
import type { DictationView } from '../../shared/dictation';
import type { DictationSettings } from '../../shared/settings';
import type { Logger } from '../../shared/logger';
import { ruleFor } from './app-rules';
import type { DictationEntry, DictationJournal } from './journal';
import { postProcess } from './post-process';
import type { InsertMode, InsertOutcome, InsertTarget, TextInserter } from './text-inserter';
import type { TranscriptResult } from './transcriber';
import { peakOf } from './level';

/**
 * One dictation from key-down to text in the target, shared by the app (microphone) and the
 * headless `dictate` CLI (a WAV file): target recorded at key-down, transcription-only turn, the
 * journal step written (fsync) before each side effect, post-processing, the per-app mode, and the
 * inserter's observed outcome. The live caption is display only; the inserted text is the
 * completed transcript. Nothing is ever inserted twice by this pipeline on its own.
 */
export interface TranscriberPort {
  begin(): void;
  append(pcm: Uint8Array | ArrayBuffer): void;
  finish(): Promise<TranscriptResult>;
  cancel(): void;
  on(event: 'caption', listener: (e: { text: string }) => void): Disposable;
}

export type { DictationView };

export type DictationOutcome = InsertOutcome | { readonly kind: 'printed' } | { readonly kind: 'none'; readonly reason: string };

export interface DictationResult {
  id?: string;
  text?: string;
  outcome: DictationOutcome;
  targetClass?: string;
  /**
   * Key-up → the text observed in the target, less the service's own transcription time. On the
   * paste path that is the target's first read of our clipboard (its read receipt), not the end of
   * insert(): the clipboard restore that follows happens with the text already there.
   */
  keyupToTextMs?: number;
  serverMs?: number;
}

export interface DictationPipelineDeps {
  transcriber: TranscriberPort;
  inserter: TextInserter;
  journal: DictationJournal;
  settings: () => Pick<DictationSettings, 'mode' | 'perApp' | 'removeFillers' | 'replacements'>;
  logger: Logger;
  now?: () => number;
}

export interface StopOptions {
  /** Headless `--output print`: the text goes here instead of an inserter. */
  print?: (text: string) => void;
  /** Override of the mode the settings would choose (CLI `--output copy`). */
  mode?: InsertMode;
}

interface Active {
  id: string;
  startedAt: number;
  target: Promise<InsertTarget | undefined>;
  heard: boolean;
  source: string;
}

export class DictationPipeline {
  private readonly emitter = new TypedEmitter<{ view: DictationView; entry: DictationEntry }>();
  private active: Active | null = null;
  private view: DictationView = { phase: 'idle', caption: '', level: 0 };
  private pasting = false;
  private readonly now: () => number;

  constructor(private readonly deps: DictationPipelineDeps) {
    this.now = deps.now ?? Date.now;
    deps.transcriber.on('caption', (c) => {
      if (this.view.phase === 'listening' || this.view.phase === 'transcribing' || this.view.phase === 'arming') this.setView({ caption: c.text });
    });
  }

  on<K extends 'view' | 'entry'>(event: K, listener: (e: K extends 'view' ? DictationView : DictationEntry) => void): Disposable {
    return this.emitter.on(event, listener as never);
  }

  get state(): DictationView {
    return this.view;
  }

  get recording(): boolean {
    return this.active !== null;
  }

  /** Key down. The focused window is recorded now, before anything of ours can take focus. */
  start(source = 'hotkey'): void {
    if (this.active) return;
    const target = this.deps.inserter.captureTarget().catch((err: unknown) => {
      this.deps.logger.warn('dictation: could not record the focused window', { error: String(err) });
      return undefined;
    });
    this.active = { id: this.deps.journal.newId(), startedAt: this.now(), target, heard: false, source };
    this.deps.transcriber.begin();
    this.setView({ phase: 'arming', caption: '', level: 0, id: this.active.id, message: undefined });
  }

  append(pcm: Uint8Array | ArrayBuffer): void {
    const a = this.active;
    if (!a) return;
    this.deps.transcriber.append(pcm);
    const peak = peakOf(pcm);
    // "Arming" until the first chunk that is not digital silence: the mic is really delivering.
    if (!a.heard && peak > 0.001) {
      a.heard = true;
      this.setView({ phase: 'listening', level: peak });
    } else if (a.heard) this.setView({ level: peak });
  }

  cancel(): void {
    if (!this.active) return;
    this.active = null;
    this.deps.transcriber.cancel();
    this.setView({ phase: 'cancelled', level: 0, message: 'Dictation cancelled.' });
  }

  /** Key up, after the release tail: transcribe, post-process, insert, and journal every step. */
  async stop(opts: StopOptions = {}): Promise<DictationResult> {
    const a = this.active;
    if (!a) return { outcome: { kind: 'none', reason: 'no dictation in progress' } };
    const keyUpAt = this.now();
    this.setView({ phase: 'transcribing', level: 0 });
    const target = await a.target;
    const targetClass = target?.windowClass;
    const j = this.deps.journal;
    this.emitEntry(j.record({
      id: a.id, at: keyUpAt, state: 'recorded', pid: process.pid, durationMs: keyUpAt - a.startedAt, source: a.source,
      ...(targetClass ? { targetClass } : {}),
    }));
    const r = await this.deps.transcriber.finish();
    if (this.active === a) this.active = null;
    if (!r.ok) {
      const cancelled = r.reason === 'cancelled' || r.reason === 'nothing said';
      this.emitEntry(j.record({ id: a.id, at: this.now(), state: cancelled ? 'cancelled' : 'failed', reason: r.reason }));
      this.setView({ phase: cancelled ? 'cancelled' : 'failed', message: r.reason });
      return { id: a.id, outcome: { kind: 'none', reason: r.reason }, ...(targetClass ? { targetClass } : {}) };
    }
    const s = this.deps.settings();
    const text = postProcess(r.text, s);
    // On disk before the clipboard is touched: a crash from here on leaves the words recoverable.
    this.emitEntry(j.record({ id: a.id, at: this.now(), state: 'transcribed', raw: r.text, text }));
    this.setView({ phase: 'inserting', caption: text });
    const outcome = await this.deliver(text, target, opts);
    const doneAt = this.now();
    const readAt = outcome.kind === 'inserted' ? outcome.timings?.firstReadAt : undefined;
    // firstReadAt is on performance.now()'s clock; carried over to ours as "so long before done".
    const landedAt = readAt !== undefined ? doneAt - Math.max(0, performance.now() - readAt) : doneAt;
    this.emitEntry(j.record({ id: a.id, at: doneAt, state: stateOf(outcome), ...reasonOf(outcome) }));
    this.setView({ phase: stateOf(outcome), message: messageOf(outcome) });
    return {
      id: a.id, text, outcome, serverMs: r.serverMs, keyupToTextMs: Math.max(0, landedAt - keyUpAt - r.serverMs),
      ...(targetClass ? { targetClass } : {}),
    };
  }

  /** "Paste last dictation": the newest text into the window focused now; one insertion per press. */
  async pasteLast(): Promise<DictationResult> {
    const last = this.deps.journal.last();
    if (!last?.text) return { outcome: { kind: 'none', reason: 'no dictation yet' } };
    return this.insertAgain(last.id);
  }

  /** Insert (or with `copy-only`, copy) a listed dictation again. */
  async insertAgain(id: string, mode?: InsertMode): Promise<DictationResult> {
    const entry = this.deps.journal.get(id);
    if (!entry?.text) return { outcome: { kind: 'none', reason: 'that dictation has no text' } };
    if (this.pasting) return { outcome: { kind: 'none', reason: 'an insertion is already in progress' } };
    this.pasting = true;
    try {
      const target = mode === 'copy-only' ? undefined : await this.deps.inserter.captureTarget().catch(() => undefined);
      const outcome = await this.deliver(entry.text, target, mode ? { mode } : {});
      this.emitEntry(this.deps.journal.record({ id, at: this.now(), state: stateOf(outcome), ...reasonOf(outcome), via: 'again' }));
      return { id, text: entry.text, outcome, ...(target ? { targetClass: target.windowClass } : {}) };
    } finally {
      this.pasting = false;
    }
  }

  private async deliver(text: string, target: InsertTarget | undefined, opts: StopOptions): Promise<DictationOutcome> {
    if (opts.print) {
      opts.print(text);
      return { kind: 'printed' };
    }
    const rule = ruleFor(target, this.deps.settings());
    try {
      return await this.deps.inserter.insert(text, target, { mode: opts.mode ?? rule.mode, autoEnter: rule.autoEnter });
    } catch (err) {
      return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
  }

  private emitEntry(e: DictationEntry): void {
    this.emitter.emit('entry', { ...e });
  }

  private setView(patch: Partial<DictationView>): void {
    const next = { ...this.view, ...patch };
    if (patch.message === undefined && 'message' in patch) delete next.message;
    this.view = next;
    this.emitter.emit('view', next);
  }
}

function stateOf(o: DictationOutcome): 'inserted' | 'copied' | 'printed' | 'unconfirmed' | 'failed' {
  return o.kind === 'none' ? 'failed' : o.kind;
}

function reasonOf(o: DictationOutcome): { reason?: string } {
  return 'reason' in o ? { reason: o.reason } : {};
}

function messageOf(o: DictationOutcome): string {
  switch (o.kind) {
    case 'inserted':
      return 'Inserted.';
    case 'printed':
      return 'Printed.';
    case 'copied':
      return `Copied — press Ctrl+V. (${o.reason})`;
    case 'unconfirmed':
      return `Copied — press Ctrl+V. (${o.reason})`;
    default:
      return o.reason;
  }
}
