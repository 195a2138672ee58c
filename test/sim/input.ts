// The input audio buffer: append / commit / clear (§5.1.2–5.1.4), energy VAD turns (§6.3) and the
// scripted input transcription (§5.3, switches of §7.6).

import { bytesPerMs, decodeAudio, msOf } from './audio.js';
import type { Item } from './conversation.js';
import { transcriptionDeltas } from './script.js';
import { synthesize } from './tts.js';
import type { SessionConfig } from './session-config.js';
import type { SimSession } from './session.js';
import { SimError } from './shape.js';
import { hasFault } from './switches.js';
import { EnergyVad, vadParams } from './vad.js';

const MIN_COMMIT_MS = 100;
/** With sim_transcription_timing=after-response, transcribe anyway after this long without a response. */
const DEFERRED_TRANSCRIPTION_MS = 1500;

export class InputBuffer {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private vad: EnergyVad | null = null;
  private vadItemId: string | null = null;
  private prefixMs = 300;
  /** server_vad idle_timeout_ms: quiet input audio (ms) since the last turn or response, and its start. */
  private idleMs = 0;
  private idleStartMs = 0;
  private inputMs = 0;
  private pending: string[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private backchannelDone: string | null = null;

  constructor(private readonly s: SimSession) {
    this.rebuildVad();
  }

  estimateMs(b64: string): number {
    return msOf(Math.floor((b64.length * 3) / 4), this.s.view.inputFormat);
  }

  /** Rebuilds the VAD when turn detection or the input format changed (§2.9 recommends a clear first). */
  onConfigChanged(before: SessionConfig): void {
    const a = JSON.stringify((before.audio as { input: unknown }).input);
    const b = JSON.stringify((this.s.config.audio as { input: unknown }).input);
    if (a !== b) this.rebuildVad();
  }

  private rebuildVad(): void {
    const td = this.s.view.turnDetection;
    this.vadItemId = null;
    if (!td) {
      this.vad = null;
      return;
    }
    const p = vadParams(td);
    this.prefixMs = p.prefixMs;
    this.vad = new EnergyVad(this.s.view.inputFormat, p.threshold, p.silenceMs);
  }

  append(b64: string): void {
    const chunk = decodeAudio(b64, this.s.view.inputFormat, 'audio');
    this.s.record.addInput(chunk, performance.now());
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    const chunkMs = msOf(chunk.length, this.s.view.inputFormat);
    this.inputMs += chunkMs;
    if (!this.vad) return;
    for (const ev of this.vad.push(chunk)) {
      if (ev.kind === 'start') this.onSpeechStarted(ev.atMs);
      else this.onSpeechStopped(ev.atMs);
    }
    this.maybeBackchannel();
    this.checkIdle(chunkMs);
  }

  /**
   * server_vad with idle_timeout_ms (OpenAI semantics, §5.4): that much quiet input audio while no
   * response is active commits the quiet audio as a turn and asks for a response.
   */
  private checkIdle(chunkMs: number): void {
    const td = this.s.view.turnDetection as { type: string; idle_timeout_ms?: number | null } | null;
    if (td?.type !== 'server_vad' || !td.idle_timeout_ms || this.vad?.inSpeech || this.s.active) {
      this.idleMs = 0;
      return;
    }
    if (this.idleMs === 0) this.idleStartMs = this.inputMs - chunkMs;
    this.idleMs += chunkMs;
    if (this.idleMs < td.idle_timeout_ms) return;
    this.idleMs = 0;
    const itemId = this.s.ids.next('item');
    this.s.send({
      type: 'input_audio_buffer.timeout_triggered',
      audio_start_ms: Math.round(this.idleStartMs),
      audio_end_ms: Math.round(this.inputMs),
      item_id: itemId,
    });
    this.commitNow('vad', itemId);
    this.s.startResponse({}, 'vad');
  }

  /**
   * sim_backchannel=1 and providerData.backchannel.enabled: one short interjection per user turn once
   * the user has spoken min_speech_ms (default 800), outside any response (§5.9).
   */
  private maybeBackchannel(): void {
    const s = this.s;
    const cfg = (s.config.providerData as { backchannel?: { enabled?: boolean; min_speech_ms?: number; allowed_phrases?: string[] } }).backchannel;
    if (!s.sw.backchannel || !cfg?.enabled || !this.vad?.inSpeech || this.backchannelDone === this.vadItemId) return;
    if (this.vad.speechMs < (cfg.min_speech_ms ?? 800)) return;
    this.backchannelDone = this.vadItemId;
    const phrase = cfg.allowed_phrases?.[0] ?? 'mm-hmm';
    const id = s.ids.next('bc');
    const fmt = s.view.outputFormat;
    void synthesize(phrase, fmt).then((speech) => {
      const step = Math.round(bytesPerMs(fmt) * 100);
      for (let off = 0; off < speech.audio.length; off += step) {
        s.send({ type: 'response.backchannel.audio.delta', backchannel_id: id, delta: speech.audio.subarray(off, off + step).toString('base64') });
      }
      s.send({ type: 'response.backchannel.audio.done', backchannel_id: id, phrase });
    });
  }

  private onSpeechStarted(atMs: number): void {
    const td = this.s.view.turnDetection;
    const interrupt = td?.interrupt_response !== false || this.s.sw.vadFlags === 'ignore';
    const active = this.s.active;
    if (active && interrupt) {
      active.cancel('turn_detected');
      if (this.s.sw.outputBufferEvents) this.s.send({ type: 'output_audio_buffer.cleared', response_id: active.id });
    }
    this.vadItemId = this.s.ids.next('item');
    this.s.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.max(0, Math.round(atMs - this.prefixMs)), item_id: this.vadItemId });
  }

  private onSpeechStopped(atMs: number): void {
    const itemId = this.vadItemId ?? this.s.ids.next('item');
    this.vadItemId = null;
    this.s.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(atMs), item_id: itemId });
    this.commitNow('vad', itemId);
    const td = this.s.view.turnDetection;
    const create = td?.create_response !== false || this.s.sw.vadFlags === 'ignore';
    if (create && !this.s.active) {
      this.s.startResponse({}, 'vad');
      this.s.vadResponsePending = true; // a client response.create for this turn would duplicate it
    }
  }

  commit(): void {
    const ms = msOf(this.bytes, this.s.view.inputFormat);
    if (ms < MIN_COMMIT_MS) {
      throw new SimError(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
      );
    }
    this.vad?.reset();
    const itemId = this.vadItemId ?? this.s.ids.next('item');
    this.vadItemId = null;
    this.commitNow('client', itemId);
  }

  clear(): void {
    this.chunks = [];
    this.bytes = 0;
    this.vad?.reset();
    this.vadItemId = null;
    this.s.send({ type: 'input_audio_buffer.cleared' });
  }

  private commitNow(source: 'client' | 'vad', itemId: string): void {
    const s = this.s;
    s.vadResponsePending = false; // a new user turn: only the next response.create can duplicate
    const audio = Buffer.concat(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    s.record.commits.push({ t: performance.now(), wall: Date.now(), itemId, source, audio });
    const transcript = s.sw.transcript;
    s.transcripts.set(itemId, transcript);
    const content = s.sw.userItem === 'input_text' ? [{ type: 'input_text', text: transcript }] : [{ type: 'input_audio', transcript: null }];
    const item: Item = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content };
    const prev = s.conversation.add(item);
    // Kept so conversation.item.retrieve can return the audio, as OpenAI does.
    const state = s.conversation.get(itemId);
    if (state) state.audio.push(audio);
    s.send({ type: 'input_audio_buffer.committed', previous_item_id: prev, item_id: itemId });
    s.send({ type: 'conversation.item.added', previous_item_id: prev, item: publicUserItem(item) });
    const transcribe = (s.config.audio as { input: { transcription: unknown } }).input.transcription !== null;
    if (transcribe) {
      if (s.sw.transcribe === 'always' && s.sw.transcriptionTiming === 'before-done') this.transcribe(itemId);
      else {
        this.pending.push(itemId);
        if (s.sw.transcribe === 'always') this.later(() => this.flushOne(itemId), DEFERRED_TRANSCRIPTION_MS);
      }
    }
    s.send({ type: 'conversation.item.done', previous_item_id: prev, item: publicUserItem(item) });
  }

  /** Called right after response.created: deferred transcriptions are delivered now. */
  flushPending(): void {
    for (const id of [...this.pending]) this.flushOne(id);
  }

  private flushOne(itemId: string): void {
    const i = this.pending.indexOf(itemId);
    if (i < 0) return;
    this.pending.splice(i, 1);
    this.transcribe(itemId);
  }

  private transcribe(itemId: string): void {
    const s = this.s;
    const state = s.conversation.get(itemId);
    const text = s.transcripts.get(itemId);
    if (!state || text === undefined) return; // deleted meanwhile
    if (hasFault(s.sw, 'transcription-failed')) {
      const error = { type: 'server_error', code: null, message: 'Transcription failed', param: null };
      s.send({ type: 'conversation.item.input_audio_transcription.failed', item_id: itemId, content_index: 0, error });
      return;
    }
    for (const delta of transcriptionDeltas(text, s.sw.transcriptionDeltas)) {
      s.send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta });
    }
    s.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript: text });
    const part = (state.item.content as { type: string; transcript?: string | null }[])[0];
    if (part?.type === 'input_audio') part.transcript = text;
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get bufferedMs(): number {
    return this.bytes / bytesPerMs(this.s.view.inputFormat);
  }
}

function publicUserItem(item: Item): Item {
  return structuredClone(item);
}
