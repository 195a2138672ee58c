/**
 * Audio traffic between renderer and main. It travels over a MessagePort (Electron) or binary
 * WebSocket frames (test host) — never over invoke round-trips, never as base64. PCM is always
 * mono signed 16-bit little-endian at 24 kHz (../audio-format.ts), carried as an ArrayBuffer. Between the renderer and
 * main it is copied, not transferred: Electron's MessagePortMain accepts only ports in a transfer
 * list (electron/electron#37565) and drops the data of a message whose ArrayBuffer was transferred
 * to it (electron/electron#34905). A 40 ms frame is 1920 bytes, so the copy costs nothing measurable.
 */

/** Renderer → main. */
export type AudioToMain =
  /** One captured frame (frameMs long, except the final partial one). */
  | { kind: 'mic'; turnId: number; pcm: ArrayBuffer }
  /** Capture for `turnId` ended: the release tail was recorded and the last partial frame already sent. */
  | { kind: 'mic-end'; turnId: number }
  /** Cumulative samples of an assistant item actually rendered by the output device. */
  | { kind: 'played'; itemId: string; samples: number }
  /** Answer to `flush`: playback stopped; what each item had played when it did. */
  | { kind: 'flushed'; requestId: number; played: Array<{ itemId: string; playedSamples: number }> }
  /** Capture problems the user must see (permission denied, device lost, silent mic). */
  | { kind: 'capture-status'; state: 'ok' | 'denied' | 'no-device' | 'device-lost' | 'silent'; message?: string };

/** Main → renderer. */
export type AudioToRenderer =
  /** Assistant speech to play, in arrival order. */
  | { kind: 'out'; responseId: string; itemId: string; pcm: ArrayBuffer }
  /** Stop playback now, drop the queue, answer with `flushed`. */
  | { kind: 'flush'; requestId: number }
  /** Start sending frames for a new user turn (pre-roll first), or stop after the tail (`mic-end` follows). */
  | { kind: 'capture'; turnId: number; on: boolean }
  /** Hands-free: stream continuously; push-to-talk: only between capture on/off. */
  | { kind: 'capture-mode'; mode: 'push-to-talk' | 'hands-free'; armed: boolean };
