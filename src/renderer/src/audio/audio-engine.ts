import type { AssistantApi } from '../../../shared/ipc/bridge-api';
import type { Settings } from '../../../shared/settings';
import { CaptureEngine, type CaptureSettings, type CaptureState } from './capture-engine';
import { PlayerEngine, type PlayerState } from './player-engine';

/**
 * Connects the audio channel of the bridge to the capture and player engines. Messages from main
 * are handled synchronously where latency matters (flush, capture on/off) — no awaits in front.
 */
export interface AudioState {
  capture: CaptureState;
  player: PlayerState;
  /** The turn currently being captured (push-to-talk), for the UI. */
  capturingTurn: number | null;
}

export class AudioEngine {
  private readonly capture: CaptureEngine;
  private readonly player: PlayerEngine;
  private state: AudioState;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: AssistantApi,
    settings: Settings,
  ) {
    // Capture problems go to main too (it notifies while the window is hidden); the UI shows them
    // from the capture state, not as notices.
    const post = (m: Parameters<AssistantApi['audio']['post']>[0]) => api.audio.post(m);
    this.capture = new CaptureEngine(post, (capture) => this.update({ capture }), captureSettings(settings));
    this.player = new PlayerEngine(post, (player) => this.update({ player }), {
      id: settings.audio.outputDeviceId,
      label: settings.audio.outputDeviceLabel,
    });
    this.state = { capture: this.capture.snapshot, player: this.player.snapshot, capturingTurn: null };
    this.unsubscribe = api.audio.onMessage((m) => {
      switch (m.kind) {
        case 'out':
          this.player.play(m.itemId, m.pcm);
          break;
        case 'flush':
          this.player.flush(m.requestId);
          break;
        case 'capture':
          if (m.on) this.capture.start(m.turnId);
          else this.capture.stop(m.turnId);
          this.update({ capturingTurn: m.on ? m.turnId : null });
          break;
        case 'capture-mode':
          this.capture.setMode(m.mode, m.armed);
          break;
      }
    });
    void this.player.start();
  }

  applySettings(settings: Settings): void {
    this.capture.configure(captureSettings(settings));
    this.player.setDevice({ id: settings.audio.outputDeviceId, label: settings.audio.outputDeviceLabel });
  }

  requestMicPermission() {
    return this.capture.requestPermission();
  }

  getSnapshot = (): AudioState => this.state;

  /** Live input level (dBFS), on its own subscription so it re-renders only the meter. */
  getLevel = (): number => this.capture.getLevel();
  subscribeLevel = (listener: () => void): (() => void) => this.capture.subscribeLevel(listener);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    this.unsubscribe();
    this.capture.dispose();
    this.player.dispose();
  }

  private update(patch: Partial<AudioState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

function captureSettings(s: Settings): CaptureSettings {
  return {
    frameMs: s.audio.frameMs,
    prerollMs: s.audio.prerollMs,
    tailMs: s.audio.tailMs,
    warmMic: s.audio.warmMic,
    device: { id: s.audio.inputDeviceId, label: s.audio.inputDeviceLabel },
  };
}
