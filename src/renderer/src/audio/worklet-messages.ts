/**
 * Messages between the main thread and the two audio worklets. PCM crosses as transferred
 * ArrayBuffers (Int16, 24 kHz mono) so nothing is copied on the audio thread's critical path.
 */
export interface CaptureProcessorOptions {
  frameMs: number;
  prerollMs: number;
  tailMs: number;
  /** How often the level meter is reported, ms. */
  levelEveryMs: number;
}

export type ToCapture =
  | { type: 'config'; frameMs: number; prerollMs: number; tailMs: number }
  | { type: 'armed'; armed: boolean }
  | { type: 'start'; turnId: number }
  | { type: 'stop'; turnId: number };

export type FromCapture =
  | { type: 'frame'; turnId: number; pcm: ArrayBuffer; capturedAt: number; /** Epoch ms the worklet completed and posted it. */ at: number }
  | { type: 'end'; turnId: number; tailEndAt: number; at: number }
  | { type: 'level'; rmsDb: number; peak: number; flatMs: number }
  /** The context runs at a rate other than 24 kHz and the worklet resamples (diagnostic). */
  | { type: 'resampling'; fromRate: number };

export type ToPlayer =
  | { type: 'pcm'; itemId: string; pcm: ArrayBuffer }
  | { type: 'flush'; requestId: number };

export type FromPlayer =
  | { type: 'played'; items: Array<{ itemId: string; samples: number }> }
  | { type: 'flushed'; requestId: number; played: Array<{ itemId: string; playedSamples: number }>; at: number }
  /** First sample of an item left the worklet at epoch ms `at`. */
  | { type: 'started'; itemId: string; at: number }
  | { type: 'underrun'; at: number };
