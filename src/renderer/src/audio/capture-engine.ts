import { SAMPLE_RATE as WIRE_RATE } from '../../../shared/audio-format';
import type { AudioToMain } from '../../../shared/ipc/audio-messages';
import captureWorkletUrl from './capture.worklet.ts?worker&url';
import { chooseDevice, type DevicePreference } from './devices';
import { emitDiagnostic } from './diagnostics';
import type { CaptureProcessorOptions, FromCapture, ToCapture } from './worklet-messages';

/**
 * The microphone side on the main thread: opens the device, hosts the capture worklet, forwards its
 * frames to main, follows device changes and watches for a silent mic. The worklet node lives as
 * long as the engine, so a device switch mid-turn loses no state: only its source is replaced.
 */
export type MicStatus = 'closed' | 'opening' | 'open' | 'denied' | 'no-device' | 'error';

export interface CaptureState {
  status: MicStatus;
  deviceLabel: string;
  /** The chosen mic is missing and the default is in use. */
  fallback: boolean;
  /** Flat signal (exact zeros or constant) for a while: muted or not ready. */
  silent: boolean;
  /** What the system granted for the open microphone (undefined while closed or unknown). */
  echoCancellation?: boolean;
  message?: string;
}

export interface CaptureSettings {
  frameMs: number;
  prerollMs: number;
  tailMs: number;
  warmMic: boolean;
  device: DevicePreference;
}

const SILENT_AFTER_MS = 2000;
/** Turn id of the continuous hands-free stream (push-to-talk turns count from 1). */
const HANDS_FREE_TURN = 0;

export class CaptureEngine {
  private ctx: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private stream: MediaStream | null = null;
  private ready: Promise<void> | null = null;
  private settings: CaptureSettings;
  private mode: 'push-to-talk' | 'hands-free' = 'push-to-talk';
  private armed = false;
  private activeTurn: number | null = null;
  private continuous = false;
  private opening: Promise<void> | null = null;
  private state: CaptureState = { status: 'closed', deviceLabel: '', fallback: false, silent: false };
  /**
   * The live level changes every 60 ms; it is kept out of `state` so that only the meter re-renders,
   * not the whole window (a React render on the main thread delays the next posted frame).
   */
  private levelDb = -100;
  private readonly levelListeners = new Set<() => void>();
  private readonly onDeviceChange = () => void this.reconcileDevice();
  private disposed = false;

  constructor(
    private readonly send: (m: AudioToMain) => void,
    private readonly onState: (s: CaptureState) => void,
    settings: CaptureSettings,
  ) {
    this.settings = settings;
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  getLevel = (): number => this.levelDb;

  subscribeLevel = (listener: () => void): (() => void) => {
    this.levelListeners.add(listener);
    return () => this.levelListeners.delete(listener);
  };

  private setLevel(db: number): void {
    if (db === this.levelDb) return;
    this.levelDb = db;
    for (const l of this.levelListeners) l();
  }

  get snapshot(): CaptureState {
    return this.state;
  }

  configure(settings: CaptureSettings): void {
    const deviceChanged = settings.device.id !== this.settings.device.id || settings.device.label !== this.settings.device.label;
    this.settings = settings;
    this.post({ type: 'config', frameMs: settings.frameMs, prerollMs: settings.prerollMs, tailMs: settings.tailMs });
    if (deviceChanged && this.stream) void this.reopen();
    else void this.applyWarmth();
  }

  setMode(mode: 'push-to-talk' | 'hands-free', armed: boolean): void {
    this.mode = mode;
    this.armed = armed;
    const continuous = mode === 'hands-free' && armed;
    if (continuous !== this.continuous) {
      this.continuous = continuous;
      // Hands-free: main takes frames of any turn id straight to the session (server VAD decides).
      if (continuous) this.start(HANDS_FREE_TURN);
      else this.stop(HANDS_FREE_TURN);
    }
    // Pre-roll only makes sense for push-to-talk; hands-free streams everything anyway.
    this.post({ type: 'armed', armed: armed && mode === 'push-to-talk' && this.settings.warmMic });
    void this.applyWarmth();
  }

  start(turnId: number): void {
    this.activeTurn = turnId;
    // The worklet counts from now even if the mic is still opening (cold mic): no frame is lost.
    void this.ensureGraph().then(() => {
      this.post({ type: 'start', turnId });
      return this.ensureMic();
    });
  }

  stop(turnId: number): void {
    void this.ensureGraph().then(() => this.post({ type: 'stop', turnId }));
  }

  /** Ask for the mic now (onboarding), without starting a turn. */
  async requestPermission(): Promise<MicStatus> {
    await this.ensureGraph();
    await this.ensureMic();
    const status = this.state.status;
    void this.applyWarmth();
    return status;
  }

  dispose(): void {
    this.disposed = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.closeMic();
    void this.ctx?.close();
  }

  private setState(patch: Partial<CaptureState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }

  private post(m: ToCapture): void {
    this.node?.port.postMessage(m);
  }

  /** Keep the mic open only while it is needed: warm push-to-talk, hands-free, or a turn. */
  private async applyWarmth(): Promise<void> {
    const want = this.armed && (this.mode === 'hands-free' || this.settings.warmMic);
    if (want) {
      await this.ensureGraph();
      await this.ensureMic();
    } else if (this.activeTurn === null && this.stream) {
      this.closeMic();
      this.setLevel(-100);
      this.setState({ status: 'closed', silent: false });
    }
  }

  /**
   * The capture context runs at the device's own rate and the worklet resamples to 24 kHz
   * (dsp/resampler.ts). Measured in Chromium against the simulator, a 24 kHz context — where
   * Chromium resamples the mic through a FIFO and a render quantum lasts 5.3 ms instead of 2.7 —
   * added ~4 ms at p50 and ~10 ms at p95 to release→commit and to capture→wire. If a fixed rate is
   * ever needed (WIRE_RATE), the same worklet code path skips its resampler.
   */
  private ensureGraph(): Promise<void> {
    this.ready ??= this.buildGraph(undefined).catch(async (err: unknown) => {
      console.warn('capture: native-rate context failed, trying 24 kHz', err);
      return this.buildGraph(WIRE_RATE);
    });
    return this.ready;
  }

  private async buildGraph(sampleRate: number | undefined): Promise<void> {
    await this.ctx?.close().catch(() => undefined);
    // latencyHint 0 = the smallest render callback the platform allows. This context only writes
    // silence, so a short output buffer cannot glitch audibly; what it buys is that captured quanta
    // reach the worklet in small steps instead of 10 ms bursts (measured: capture→post p95 13 → 4 ms).
    const ctx = new AudioContext({ latencyHint: 0, ...(sampleRate ? { sampleRate } : {}) });
    this.ctx = ctx;
    await ctx.audioWorklet.addModule(captureWorkletUrl);
    const options: CaptureProcessorOptions = {
      frameMs: this.settings.frameMs,
      prerollMs: this.settings.prerollMs,
      tailMs: this.settings.tailMs,
      levelEveryMs: 60,
    };
    const node = new AudioWorkletNode(ctx, 'capture-processor', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: options,
    });
    node.port.onmessage = (e: MessageEvent<FromCapture>) => this.onWorklet(e.data);
    // The node writes silence; connecting it keeps the graph pulling it every quantum.
    node.connect(ctx.destination);
    this.node = node;
    this.post({ type: 'armed', armed: this.armed && this.mode === 'push-to-talk' && this.settings.warmMic });
    if (ctx.state !== 'running') await ctx.resume().catch(() => undefined);
    emitDiagnostic({ type: 'capture-rate', contextRate: ctx.sampleRate, resampling: ctx.sampleRate !== WIRE_RATE });
  }

  private onWorklet(m: FromCapture): void {
    switch (m.type) {
      case 'frame':
        this.send({ kind: 'mic', turnId: m.turnId, pcm: m.pcm });
        emitDiagnostic({ type: 'mic-frame', turnId: m.turnId, samples: m.pcm.byteLength / 2, capturedAt: m.capturedAt, completedAt: m.at, postedAt: Date.now() });
        break;
      case 'end':
        this.send({ kind: 'mic-end', turnId: m.turnId });
        emitDiagnostic({ type: 'mic-end', turnId: m.turnId, tailEndAt: m.tailEndAt, postedAt: Date.now() });
        if (this.activeTurn === m.turnId) this.activeTurn = null;
        void this.applyWarmth();
        break;
      case 'level': {
        if (this.state.status !== 'open') return;
        const silent = m.flatMs >= SILENT_AFTER_MS;
        if (silent !== this.state.silent) {
          this.send({ kind: 'capture-status', state: silent ? 'silent' : 'ok', ...(silent ? { message: 'The microphone delivers only silence.' } : {}) });
        }
        this.setLevel(m.rmsDb);
        if (silent !== this.state.silent) this.setState({ silent });
        break;
      }
      case 'resampling':
        break;
    }
  }

  private ensureMic(): Promise<void> {
    if (this.stream?.active) return Promise.resolve();
    this.opening ??= this.openMic().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openMic(): Promise<void> {
    if (this.disposed) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.setState({ status: 'error', message: 'This window cannot access microphones.' });
      return;
    }
    this.setState({ status: 'opening' });
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const choice = chooseDevice(devices, 'audioinput', this.settings.device);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(choice.deviceId ? { deviceId: { exact: choice.deviceId } } : {}),
          channelCount: 1,
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'NotAllowedError' || name === 'SecurityError') {
        this.setState({ status: 'denied', message: 'Microphone access was denied. Allow it in your system privacy settings.' });
        this.send({ kind: 'capture-status', state: 'denied', message: 'Microphone access was denied.' });
      } else {
        this.setState({ status: 'no-device', message: 'No microphone found. Plug one in or pick another in Settings.' });
        this.send({ kind: 'capture-status', state: 'no-device', message: 'No microphone found.' });
      }
      return;
    }
    if (this.disposed) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.closeMic();
    this.stream = stream;
    const track = stream.getAudioTracks()[0];
    // 'ended' fires when the device is unplugged; reconcile right away instead of waiting for devicechange.
    track?.addEventListener('ended', () => void this.reconcileDevice());
    const ctx = this.ctx!;
    this.source = ctx.createMediaStreamSource(stream);
    this.source.connect(this.node!);
    // The preferred device's saved label is what the user recognises; the track's is the fallback.
    const label = (choice.fallback ? '' : choice.label) || track?.label || choice.label;
    const message = choice.fallback ? `"${this.settings.device.label || 'Your microphone'}" is not available; using ${label}.` : undefined;
    const granted = track?.getSettings().echoCancellation;
    this.setState({ status: 'open', deviceLabel: label, fallback: choice.fallback, silent: false, message, echoCancellation: typeof granted === 'boolean' ? granted : undefined });
    if (choice.fallback) this.send({ kind: 'capture-status', state: 'device-lost', message: message! });
  }

  private closeMic(): void {
    this.source?.disconnect();
    this.source = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
  }

  private async reopen(): Promise<void> {
    this.closeMic();
    await this.ensureGraph();
    await this.ensureMic();
  }

  /** A device came or went: move off a lost mic, or back to the preferred one when it returns. */
  private async reconcileDevice(): Promise<void> {
    if (this.disposed) return;
    const track = this.stream?.getAudioTracks()[0];
    let lost = !!this.stream && (!track || track.readyState === 'ended');
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const openId = track?.getSettings().deviceId;
    // Some platforms keep a dead track "live"; the device list is the other witness.
    if (!lost && openId && devices.length > 0 && !devices.some((d) => d.kind === 'audioinput' && d.deviceId === openId)) lost = true;
    if (lost) {
      const was = this.state.deviceLabel;
      this.closeMic();
      this.setState({ status: 'closed', message: `Lost "${was}"; switching to the default microphone.` });
      this.send({ kind: 'capture-status', state: 'device-lost', message: `Microphone "${was}" was disconnected.` });
      if (this.activeTurn !== null || this.armed) await this.ensureMic();
      return;
    }
    if (this.stream && this.state.fallback) {
      const choice = chooseDevice(devices, 'audioinput', this.settings.device);
      if (!choice.fallback) {
        await this.reopen();
        this.setState({ message: `"${this.state.deviceLabel}" is back.` });
        this.send({ kind: 'capture-status', state: 'ok', message: 'Preferred microphone restored.' });
      }
    }
  }
}
