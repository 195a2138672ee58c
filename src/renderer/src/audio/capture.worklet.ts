/**
 * Capture worklet: mic → mono → 24 kHz → PCM16 → frames (see dsp/capture-core.ts). Runs on the
 * audio thread, so it keeps going when the window is hidden and main-thread timers are throttled.
 */
import { SAMPLE_RATE as WIRE_RATE } from '../../../shared/audio-format';
import { CaptureClock } from './dsp/capture-clock';
import { CaptureCore } from './dsp/capture-core';
import { downmix, floatToPcm16 } from './dsp/pcm';
import { StreamingResampler } from './dsp/resampler';
import { SignalMonitor } from './dsp/signal-monitor';
import { worklet } from './worklet-scope';
import type { CaptureProcessorOptions, FromCapture, ToCapture } from './worklet-messages';


class CaptureProcessor extends worklet.AudioWorkletProcessor {
  private readonly core: CaptureCore;
  private readonly resampler: StreamingResampler | null;
  private readonly monitor: SignalMonitor;
  private readonly levelEvery: number;
  private readonly clock: CaptureClock;
  private mono = new Float32Array(128);

  constructor(options?: AudioWorkletNodeOptions) {
    super(options);
    const o = options?.processorOptions as CaptureProcessorOptions;
    const rate = worklet.sampleRate;
    this.core = new CaptureCore({ frameMs: o.frameMs, prerollMs: o.prerollMs, tailMs: o.tailMs }, WIRE_RATE);
    this.resampler = rate === WIRE_RATE ? null : new StreamingResampler(rate, WIRE_RATE);
    this.monitor = new SignalMonitor(rate);
    this.clock = new CaptureClock(rate);
    this.levelEvery = Math.round((o.levelEveryMs * rate) / 1000);
    if (this.resampler) this.send({ type: 'resampling', fromRate: rate });
    this.port.onmessage = (e: MessageEvent<ToCapture>) => this.onMessage(e.data);
  }

  private onMessage(m: ToCapture): void {
    switch (m.type) {
      case 'config':
        this.emit(this.core.configure(m));
        break;
      case 'armed':
        this.core.setArmed(m.armed);
        break;
      case 'start':
        this.emit(this.core.start(m.turnId));
        break;
      case 'stop':
        this.emit(this.core.stop(m.turnId));
        break;
    }
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const n = channels[0]?.length ?? 128;
    if (this.mono.length !== n) this.mono = new Float32Array(n);
    // No input (device gone, between reconnects): count it as silence so a running tail still ends.
    downmix(channels, this.mono);
    this.monitor.push(this.mono);
    // Stamped by sample count anchored to the wall clock (see CaptureClock), not by when this
    // process() call happened to run.
    const firstAt = this.clock.stamp(n, Date.now());
    const wire = this.resampler ? this.resampler.process(this.mono) : this.mono;
    const pcm = new Int16Array(wire.length);
    floatToPcm16(wire, pcm);
    this.emit(this.core.push(pcm, firstAt));
    if (this.monitor.pending >= this.levelEvery) this.send({ type: 'level', ...this.monitor.report() });
    return true;
  }

  private emit(outputs: ReturnType<CaptureCore['push']>): void {
    for (const o of outputs) {
      if (o.type === 'frame') {
        const pcm = o.pcm.buffer as ArrayBuffer;
        this.port.postMessage({ type: 'frame', turnId: o.turnId, pcm, capturedAt: o.capturedAt, at: Date.now() } satisfies FromCapture, [pcm]);
      } else {
        this.send({ type: 'end', turnId: o.turnId, tailEndAt: o.tailEndAt, at: Date.now() });
      }
    }
  }

  private send(m: FromCapture): void {
    this.port.postMessage(m);
  }
}

worklet.registerProcessor('capture-processor', CaptureProcessor);
