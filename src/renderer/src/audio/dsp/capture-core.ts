import { SAMPLE_RATE } from '../../../../shared/audio-format';
import { Framer } from './framer';
import { PcmRing } from './ring-buffer';

/**
 * The push-to-talk capture state machine, free of any Web Audio API so it can be unit-tested. The
 * capture worklet feeds it 24 kHz PCM16 blocks; it answers with the frames and end markers to send.
 *
 *   idle ──start──▶ streaming ──stop──▶ tail ──(tailMs of audio recorded)──▶ idle
 *
 * While idle and armed, audio goes into the pre-roll ring; `start` sends the ring first so a word
 * begun just before the key went down is not clipped. The tail is counted in samples, not timers,
 * so a hidden (timer-throttled) window still ends the turn on time.
 */
export interface CaptureConfig {
  frameMs: number;
  prerollMs: number;
  tailMs: number;
}

export type CaptureOutput =
  | { type: 'frame'; turnId: number; pcm: Int16Array; capturedAt: number }
  /** `tailEndAt`: epoch ms just after the last tail sample was captured. */
  | { type: 'end'; turnId: number; tailEndAt: number };

type State = { kind: 'idle' } | { kind: 'streaming'; turnId: number } | { kind: 'tail'; turnId: number; remaining: number };

export class CaptureCore {
  private state: State = { kind: 'idle' };
  private framer: Framer;
  private ring: PcmRing;
  private armed = false;
  private config: CaptureConfig;
  /** Epoch ms just after the newest sample seen, for markers emitted outside `push`. */
  private lastEndAt = 0;

  constructor(
    config: CaptureConfig,
    readonly sampleRate = SAMPLE_RATE,
  ) {
    this.config = { ...config };
    this.framer = new Framer(this.samplesFor(config.frameMs), sampleRate);
    this.ring = new PcmRing(this.samplesFor(config.prerollMs), sampleRate);
  }

  get turnId(): number | null {
    return this.state.kind === 'idle' ? null : this.state.turnId;
  }

  get phase(): State['kind'] {
    return this.state.kind;
  }

  configure(config: CaptureConfig): CaptureOutput[] {
    const out: CaptureOutput[] = [];
    if (config.frameMs !== this.config.frameMs) {
      const partial = this.framer.setFrameSamples(this.samplesFor(config.frameMs));
      const id = this.turnId;
      if (id !== null) for (const f of partial) out.push({ type: 'frame', turnId: id, ...f });
    }
    if (config.prerollMs !== this.config.prerollMs) this.ring.resize(this.samplesFor(config.prerollMs));
    this.config = { ...config };
    return out;
  }

  /** Pre-roll is kept only while push-to-talk is armed (the warm mic is a privacy choice). */
  setArmed(armed: boolean): void {
    this.armed = armed;
    if (!armed) this.ring.clear();
  }

  start(turnId: number): CaptureOutput[] {
    if (this.state.kind !== 'idle' && this.state.turnId === turnId) {
      // Pressed again during this turn's own tail: keep streaming, nothing was lost.
      this.state = { kind: 'streaming', turnId };
      return [];
    }
    const out = this.state.kind === 'idle' ? [] : this.finish(this.lastEndAt);
    this.state = { kind: 'streaming', turnId };
    if (this.ring.length > 0) {
      const preroll = this.ring.read();
      const at = this.ring.firstAt;
      this.ring.clear();
      out.push(...this.frames(turnId, preroll, at));
    }
    return out;
  }

  stop(turnId: number): CaptureOutput[] {
    if (this.state.kind !== 'streaming' || this.state.turnId !== turnId) return [];
    const remaining = this.samplesFor(this.config.tailMs);
    if (remaining === 0) return this.finish(this.lastEndAt);
    this.state = { kind: 'tail', turnId, remaining };
    return [];
  }

  /** `firstAt`: epoch ms of samples[0]. */
  push(samples: Int16Array, firstAt: number): CaptureOutput[] {
    const msPerSample = 1000 / this.sampleRate;
    this.lastEndAt = firstAt + samples.length * msPerSample;
    const s = this.state;
    if (s.kind === 'idle') {
      if (this.armed) this.ring.write(samples, firstAt);
      return [];
    }
    if (s.kind === 'streaming') return this.frames(s.turnId, samples, firstAt);
    const n = Math.min(s.remaining, samples.length);
    const out = this.frames(s.turnId, samples.subarray(0, n), firstAt);
    s.remaining -= n;
    if (s.remaining > 0) return out;
    out.push(...this.finish(firstAt + n * msPerSample));
    if (n < samples.length && this.armed) this.ring.write(samples.subarray(n), firstAt + n * msPerSample);
    return out;
  }

  private finish(tailEndAt: number): CaptureOutput[] {
    if (this.state.kind === 'idle') return [];
    const turnId = this.state.turnId;
    const out: CaptureOutput[] = [];
    const partial = this.framer.flush();
    if (partial) out.push({ type: 'frame', turnId, ...partial });
    out.push({ type: 'end', turnId, tailEndAt });
    this.state = { kind: 'idle' };
    return out;
  }

  private frames(turnId: number, samples: Int16Array, firstAt: number): CaptureOutput[] {
    return this.framer.push(samples, firstAt).map((f) => ({ type: 'frame' as const, turnId, ...f }));
  }

  private samplesFor(ms: number): number {
    return Math.round((ms * this.sampleRate) / 1000);
  }
}
