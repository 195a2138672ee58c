/**
 * Timing facts about the audio path (frame sent, tail ended, first sample played, flush answered),
 * published as DOM events so benchmarks and tests can observe the real renderer without the
 * renderer knowing who listens. Nothing is collected or stored unless someone listens.
 */
export type AudioDiagnostic =
  | { type: 'mic-frame'; turnId: number; samples: number; capturedAt: number; /** The worklet posted it. */ completedAt: number; postedAt: number }
  | { type: 'mic-end'; turnId: number; tailEndAt: number; postedAt: number }
  | { type: 'out-received'; itemId: string; samples: number; at: number }
  | { type: 'play-started'; itemId: string; at: number }
  | { type: 'played'; itemId: string; samples: number }
  | { type: 'flushed'; requestId: number; played: Array<{ itemId: string; playedSamples: number }>; at: number }
  | { type: 'capture-rate'; contextRate: number; resampling: boolean };

export const AUDIO_DIAGNOSTIC_EVENT = 'assistant-audio-diagnostic';

export function emitDiagnostic(detail: AudioDiagnostic): void {
  if (typeof window === 'undefined') return;
  window.dispatchEvent(new CustomEvent<AudioDiagnostic>(AUDIO_DIAGNOSTIC_EVENT, { detail }));
}
