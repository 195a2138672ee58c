import { VoicingDetector, VOICING_FRAME_MS } from '../mic/voicing';
import { bytesToMs } from '../../../shared/audio-format';
import { HeldAudio } from './held-audio';

/**
 * Hands-free barge-in decided by the client: while the assistant is audible, microphone audio is
 * held here instead of going to the server, and a local voicing check (mic/voicing.ts) listens to
 * it. Only sustained voice interrupts the answer: a run lasting `sustainMs` (quiet gaps shorter
 * than `gapMs` allowed: the echo canceller chops a voice that overlaps the answer into bursts, and
 * a first word shorter than the span, "Wait,", must join the next one; measured) with at least
 * 80 % of `sustainMs` in loud frames, at least 40 % of those voiced (a cough or a click is loud
 * but aperiodic). The span matters as much as the loudness: an echo canceller that
 * loses track of the echo path (a glitch under load, or its first second of an answer) lets one
 * unbroken 70–210 ms burst of the assistant's own voice through at full level (measured on the
 * audio loop, docs/ARCHITECTURE.md "Echo and barge-in"), while a user's voice goes on. Then the
 * held audio from just before the voice began is released,
 * so the server hears the user's whole utterance. A cough, a click, an "mm-hmm" or the echo
 * canceller's residue of the assistant's own voice never reaches the server's VAD, so it cannot
 * cut the answer off — even on a server that ignores `interrupt_response: false` (§2.4).
 *
 * When an answer ends without a barge-in, holding goes on for `echoTailMs` more (the last of the
 * answer is still coming back through the room and the canceller). If no run is under way then,
 * the microphone opens and what was held — sound made while the assistant spoke that was not
 * sustained speech — is dropped on purpose. A run under way is judged by the same rule first: it
 * is released whole, from `prerollMs` before its onset, once it is sustained voice (a user who
 * starts speaking as the answer ends is not clipped), and dropped if it ends short — the echo of
 * the answer's last words, which used to be released and reach the server's VAD as a "user"
 * (measured on the loop). A run that never ends nor becomes voice (steady noise) is released after
 * `gapMs + sustainMs`, so the microphone can never stay shut.
 */
export interface BargeInGateOptions {
  /** Span of sustained voice needed to interrupt, ms; 0 turns the gate off (the server's VAD interrupts). */
  sustainMs: number;
  /** Quiet run that ends a voice run, ms (a pause between words is shorter; echo bursts come seconds apart). */
  gapMs?: number;
  /** Audio released from before the voice's onset, ms. */
  prerollMs?: number;
  /** Most audio held at any time, ms (older audio is dropped). */
  maxHoldMs?: number;
  /** Holding continues this long after the assistant stops being audible, ms. */
  echoTailMs?: number;
  /**
   * For this long after holding starts, the span needed is `EARLY_SPAN_FACTOR` × `sustainMs`: the
   * echo canceller's first seconds of an answer, when its own-voice leaks are longest (one of
   * 250 ms at 2.9 s, measured), ms. 0 = off.
   */
  convergenceMs?: number;
}

export interface GateResult {
  /** Bytes to send to the server now, in order. */
  forward: Uint8Array[];
  /** Sustained voice was just confirmed while the assistant is audible: interrupt the answer. */
  bargeIn: boolean;
  /** With `bargeIn` or `released`: the run that decided it, ms (for the log: why did the answer stop?). */
  run?: { spanMs: number; loudMs: number; voicedMs: number; heldMs: number; audible: boolean };
  /**
   * Held audio went to the server after the answer without a barge-in: sustained voice that
   * outlived the answer ('voice'), or a run that never ended nor became voice ('noise'). Logged, so
   * a `speech_started` at an answer's end can be traced to what the gate let through.
   */
  released?: 'voice' | 'noise';
}

const BYTES_PER_MS = 48; // 24 kHz PCM16 mono
/** Span needed while the canceller converges, × sustainMs. */
const EARLY_SPAN_FACTOR = 1.6;
/**
 * Share of a run's span that must be loud: two short echo leaks joined across a long quiet gap
 * are mostly quiet (measured: 200 ms loud in a 640 ms run, a self-interruption). A voice chopped
 * by double talk is about 40 % sound: 0.5 missed one barge-in in 12 on the loop, 0.35 none.
 */
const LOUD_DENSITY = 0.35;
/** Share of a run's loud frames that must be voiced. */
const VOICED_SHARE = 0.4;
/** Share of a run's span (onset to now) that must be loud frames. */
const LOUD_SHARE = 0.8;

export class BargeInGate {
  private readonly detector = new VoicingDetector();
  private state: 'idle' | 'holding' | 'open' = 'idle';
  private readonly held = new HeldAudio();
  /** Byte offset in `held` of the current voiced run's first frame, or -1. */
  private onset = -1;
  private voicedMs = 0;
  private loudMs = 0;
  /** Ms from the run's onset to now, gaps included. */
  private spanMs = 0;
  private gapRun = 0;
  /** Byte offset in `held` where the next 10 ms verdict's frame starts. */
  private framePos = 0;
  /** Audio judged since holding began (this answer), ms. */
  private holdingMs = 0;
  /** Bytes pushed since the assistant stopped being audible (while still holding). */
  private tailBytes = 0;
  private opts: Required<BargeInGateOptions>;

  constructor(opts: BargeInGateOptions) {
    this.opts = { gapMs: 500, prerollMs: 300, maxHoldMs: 3000, echoTailMs: 400, convergenceMs: 0, ...opts };
  }

  configure(patch: Partial<BargeInGateOptions>): void {
    this.opts = { ...this.opts, ...patch };
  }

  get enabled(): boolean {
    return this.opts.sustainMs > 0;
  }

  /**
   * One chunk of microphone audio; `audible`: is the assistant being heard (or about to be) now.
   * The gate keeps `bytes` (held, not copied), so the caller hands over a chunk it will not reuse.
   */
  push(bytes: Uint8Array, audible: boolean): GateResult {
    if (!this.enabled) return { forward: [bytes], bargeIn: false };
    if (this.state === 'open') {
      if (!audible) this.state = 'idle';
      return { forward: [bytes], bargeIn: false };
    }
    if (!audible && this.state !== 'holding') return { forward: [bytes], bargeIn: false };
    const tailDone = !audible && this.tailBytes >= this.opts.echoTailMs * BYTES_PER_MS;
    if (tailDone && this.onset < 0) {
      this.reset();
      return { forward: [bytes], bargeIn: false };
    }
    if (tailDone && this.tailBytes >= (this.opts.echoTailMs + this.opts.gapMs + this.opts.sustainMs) * BYTES_PER_MS) {
      const release = this.releaseRun();
      const run = this.runInfo(audible);
      this.reset();
      return { forward: [release, bytes], bargeIn: false, released: 'noise', run };
    }
    if (audible) this.tailBytes = 0;
    else this.tailBytes += bytes.length;
    if (this.state === 'idle') this.state = 'holding';
    this.append(bytes);
    for (const { loud, voiced } of this.detector.push(bytes)) {
      const frameStart = this.framePos;
      this.framePos += VOICING_FRAME_MS * BYTES_PER_MS;
      this.holdingMs += VOICING_FRAME_MS;
      if (this.onset < 0 && !loud) continue;
      if (this.onset < 0) this.onset = frameStart;
      this.spanMs += VOICING_FRAME_MS;
      if (loud) {
        this.loudMs += VOICING_FRAME_MS;
        if (voiced) this.voicedMs += VOICING_FRAME_MS;
        this.gapRun = 0;
      } else if ((this.gapRun += VOICING_FRAME_MS) >= this.opts.gapMs) {
        if (tailDone) {
          // The run that outlived the answer ended short: not a voice. Open the microphone.
          this.reset();
          return { forward: [bytes], bargeIn: false };
        }
        this.onset = -1;
        this.voicedMs = 0;
        this.loudMs = 0;
        this.spanMs = 0;
        this.gapRun = 0;
        continue;
      }
      // Decided on a loud frame only: a burst that has ended is not a voice going on.
      const need = this.holdingMs < this.opts.convergenceMs ? EARLY_SPAN_FACTOR * this.opts.sustainMs : this.opts.sustainMs;
      const sustained = loud && this.spanMs >= need && this.loudMs >= LOUD_SHARE * need && this.loudMs >= LOUD_DENSITY * this.spanMs;
      if (sustained && this.voicedMs >= VOICED_SHARE * this.loudMs) {
        const release = this.releaseRun();
        const run = this.runInfo(audible);
        this.reset();
        this.state = 'open';
        // After the answer there is nothing to interrupt: the voice is just the user's next turn.
        return audible ? { forward: [release], bargeIn: true, run } : { forward: [release], bargeIn: false, released: 'voice', run };
      }
    }
    return { forward: [], bargeIn: false };
  }

  private runInfo(audible: boolean): NonNullable<GateResult['run']> {
    return { spanMs: this.spanMs, loudMs: this.loudMs, voicedMs: this.voicedMs, heldMs: this.heldMs, audible };
  }

  /** The held audio from `prerollMs` before the current run's onset. */
  private releaseRun(): Uint8Array {
    const from = Math.max(0, this.onset - this.opts.prerollMs * BYTES_PER_MS);
    return this.held.sliceFrom(from - (from % 2));
  }

  /** Held audio, in ms (for diagnostics). */
  get heldMs(): number {
    return bytesToMs(this.held.length);
  }

  reset(): void {
    this.state = 'idle';
    this.held.clear();
    this.onset = -1;
    this.voicedMs = 0;
    this.loudMs = 0;
    this.spanMs = 0;
    this.gapRun = 0;
    this.framePos = 0;
    this.holdingMs = 0;
    this.tailBytes = 0;
    this.detector.reset();
  }

  private append(bytes: Uint8Array): void {
    this.held.push(bytes);
    const max = this.opts.maxHoldMs * BYTES_PER_MS;
    if (this.held.length > max) {
      let drop = this.held.length - max;
      drop -= drop % (VOICING_FRAME_MS * BYTES_PER_MS) === 0 ? 0 : drop % 2;
      this.held.dropFront(drop);
      this.framePos -= drop;
      if (this.onset >= 0) this.onset = Math.max(0, this.onset - drop);
    }
  }
}
