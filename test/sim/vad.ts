// Energy-based voice activity detection for server_vad and semantic_vad sessions (§7.3): 10 ms
// frames whose RMS exceeds a threshold are speech; 20 ms of consecutive speech starts a turn;
// `silence` ms of quiet frames ends it. semantic_vad has no silence setting, so eagerness picks one
// (a scaled-down version of OpenAI's 8 s / 4 s / 2 s caps, to keep tests fast).

import { bytesPerMs, rms } from './audio.js';
import type { AudioFormat, TurnDetection } from './session-config.js';

export type VadEvent = { kind: 'start'; atMs: number } | { kind: 'stop'; atMs: number };

const FRAME_MS = 10;
const START_MS = 20;
const EAGERNESS_SILENCE_MS: Record<string, number> = { low: 800, medium: 500, auto: 500, high: 300 };

export function vadParams(td: TurnDetection): { threshold: number; silenceMs: number; prefixMs: number } {
  if (td.type === 'server_vad') {
    return {
      // threshold 0..1 maps onto RMS 0..0.04 of full scale: the default 0.5 → 0.02 (about -34 dBFS).
      threshold: (td.threshold ?? 0.5) * 0.04,
      silenceMs: td.silence_duration_ms ?? 500,
      prefixMs: td.prefix_padding_ms ?? 300,
    };
  }
  return { threshold: 0.02, silenceMs: EAGERNESS_SILENCE_MS[td.eagerness ?? 'medium'] ?? 500, prefixMs: 300 };
}

export class EnergyVad {
  private pending: Buffer = Buffer.alloc(0);
  /** Milliseconds of input audio processed since the session started (all appends). */
  private posMs = 0;
  private speaking = false;
  private speechRun = 0;
  private silenceRun = 0;
  private speechStartMs = 0;

  constructor(
    private readonly format: AudioFormat,
    private readonly threshold: number,
    private readonly silenceMs: number,
  ) {}

  get inSpeech(): boolean {
    return this.speaking;
  }

  /** How long the current turn has lasted so far (0 outside speech). */
  get speechMs(): number {
    return this.speaking ? this.posMs - this.speechStartMs : 0;
  }

  /** Feeds one append's bytes; returns the turn boundaries found, with positions in session audio ms. */
  push(chunk: Buffer): VadEvent[] {
    const frameBytes = Math.round(bytesPerMs(this.format) * FRAME_MS);
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const events: VadEvent[] = [];
    let off = 0;
    for (; off + frameBytes <= this.pending.length; off += frameBytes) {
      const loud = rms(this.pending.subarray(off, off + frameBytes), this.format) > this.threshold;
      this.posMs += FRAME_MS;
      if (!this.speaking) {
        this.speechRun = loud ? this.speechRun + FRAME_MS : 0;
        if (this.speechRun >= START_MS) {
          this.speaking = true;
          this.silenceRun = 0;
          this.speechStartMs = this.posMs - this.speechRun;
          events.push({ kind: 'start', atMs: this.speechStartMs });
        }
      } else {
        this.silenceRun = loud ? 0 : this.silenceRun + FRAME_MS;
        if (this.silenceRun >= this.silenceMs) {
          this.speaking = false;
          this.speechRun = 0;
          events.push({ kind: 'stop', atMs: this.posMs - this.silenceRun });
        }
      }
    }
    this.pending = this.pending.subarray(off);
    return events;
  }

  /** Forget an in-progress turn (input_audio_buffer.clear, or a manual commit). */
  reset(): void {
    this.speaking = false;
    this.speechRun = 0;
    this.silenceRun = 0;
  }
}
