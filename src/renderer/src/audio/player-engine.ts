import { SAMPLE_RATE } from '../../../shared/audio-format';
import type { AudioToMain } from '../../../shared/ipc/audio-messages';
import playerWorkletUrl from './player.worklet.ts?worker&url';
import { chooseDevice, type DevicePreference } from './devices';
import { emitDiagnostic } from './diagnostics';
import type { FromPlayer, ToPlayer } from './worklet-messages';

/**
 * Assistant speech output: a 24 kHz AudioContext hosting the player worklet. It is built at start
 * so the first reply does not wait for a module load; PCM that arrives earlier waits in `pending`.
 */
export interface PlayerState {
  status: 'starting' | 'ready' | 'blocked' | 'error';
  outputLabel: string;
  /** The chosen output is missing (or setSinkId is unsupported) and the default is used. */
  fallback: boolean;
  speaking: boolean;
  message?: string;
}

type AudioContextWithSink = AudioContext & { setSinkId?: (id: string) => Promise<void> };

export class PlayerEngine {
  private ctx: AudioContextWithSink | null = null;
  private node: AudioWorkletNode | null = null;
  /** Messages posted before the worklet is up; dropped (not kept) once it failed to start. */
  private pending: ToPlayer[] = [];
  private failed = false;
  private device: DevicePreference;
  private state: PlayerState = { status: 'starting', outputLabel: 'System default', fallback: false, speaking: false };
  private readonly onDeviceChange = () => void this.applySink();
  private readonly resumeOnGesture = () => void this.ctx?.resume();

  constructor(
    private readonly send: (m: AudioToMain) => void,
    private readonly onState: (s: PlayerState) => void,
    device: DevicePreference,
  ) {
    this.device = device;
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
    // Outside Electron a context may start suspended until the user interacts.
    window.addEventListener('pointerdown', this.resumeOnGesture, true);
    window.addEventListener('keydown', this.resumeOnGesture, true);
  }

  get snapshot(): PlayerState {
    return this.state;
  }

  async start(): Promise<void> {
    try {
      const ctx: AudioContextWithSink = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
      this.ctx = ctx;
      await ctx.audioWorklet.addModule(playerWorkletUrl);
      const node = new AudioWorkletNode(ctx, 'player-processor', {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: { jitterMs: 60 },
      });
      node.port.onmessage = (e: MessageEvent<FromPlayer>) => this.onWorklet(e.data);
      node.connect(ctx.destination);
      this.node = node;
      ctx.onstatechange = () => this.setState({ status: ctx.state === 'running' ? 'ready' : 'blocked' });
      await ctx.resume().catch(() => undefined);
      this.setState({ status: ctx.state === 'running' ? 'ready' : 'blocked' });
      await this.applySink();
      for (const m of this.pending.splice(0)) this.post(m);
    } catch (err) {
      // Nothing will ever drain `pending`: stop collecting audio for a player that does not exist.
      this.failed = true;
      this.pending = [];
      this.setState({ status: 'error', message: `Audio output failed: ${String(err)}` });
    }
  }

  play(itemId: string, pcm: ArrayBuffer): void {
    emitDiagnostic({ type: 'out-received', itemId, samples: pcm.byteLength >> 1, at: Date.now() });
    this.post({ type: 'pcm', itemId, pcm });
  }

  flush(requestId: number): void {
    if (!this.node) {
      // Nothing can have been played before the worklet existed.
      this.pending = [];
      this.send({ kind: 'flushed', requestId, played: [] });
      return;
    }
    this.post({ type: 'flush', requestId });
  }

  setDevice(device: DevicePreference): void {
    this.device = device;
    void this.applySink();
  }

  dispose(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    window.removeEventListener('pointerdown', this.resumeOnGesture, true);
    window.removeEventListener('keydown', this.resumeOnGesture, true);
    void this.ctx?.close();
  }

  private post(m: ToPlayer): void {
    if (!this.node) {
      if (!this.failed) this.pending.push(m);
      return;
    }
    if (m.type === 'pcm') this.node.port.postMessage(m, [m.pcm]);
    else this.node.port.postMessage(m);
  }

  private onWorklet(m: FromPlayer): void {
    switch (m.type) {
      case 'played':
        for (const it of m.items) {
          this.send({ kind: 'played', itemId: it.itemId, samples: it.samples });
          emitDiagnostic({ type: 'played', itemId: it.itemId, samples: it.samples });
        }
        break;
      case 'flushed':
        this.send({ kind: 'flushed', requestId: m.requestId, played: m.played });
        emitDiagnostic({ type: 'flushed', requestId: m.requestId, played: m.played, at: m.at });
        this.setState({ speaking: false });
        break;
      case 'started':
        emitDiagnostic({ type: 'play-started', itemId: m.itemId, at: m.at });
        this.setState({ speaking: true });
        break;
      case 'underrun':
        this.setState({ speaking: false });
        break;
    }
  }

  /** Route output to the chosen device; fall back to the default when it is gone. */
  private async applySink(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    const devices = await navigator.mediaDevices?.enumerateDevices().catch(() => []) ?? [];
    const choice = chooseDevice(devices, 'audiooutput', this.device);
    if (typeof ctx.setSinkId !== 'function') {
      const message = this.device.id ? `This system cannot choose a speaker for the app; playing on the system default.` : undefined;
      this.setState({ outputLabel: 'System default', fallback: !!this.device.id, message });
      return;
    }
    try {
      await ctx.setSinkId(choice.deviceId);
      // Say when the chosen speaker is missing, and again when it is back (as the microphone does).
      const wasFallback = this.state.fallback;
      const message = choice.fallback
        ? `"${this.device.label}" is not available; playing on ${choice.label}.`
        : wasFallback && this.device.id
          ? `"${choice.label}" is back; playing on it.`
          : undefined;
      this.setState({ outputLabel: choice.label, fallback: choice.fallback, message });
    } catch (err) {
      this.setState({ fallback: true, message: `Could not use that speaker: ${String(err)}` });
    }
  }

  private setState(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }
}
