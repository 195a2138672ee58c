import type { AudioToMain } from '../../../shared/ipc/audio-messages';

type Played = Extract<AudioToMain, { kind: 'flushed' }>['played'];

/** Who takes what comes back on a renderer's audio channel. */
export interface AudioTargets {
  /** Dictation claims its own turns first (returns true when it took the message). */
  dictation?: { handleAudio(message: AudioToMain): boolean };
  /** The launcher's voice turns and its player. */
  quick: {
    ownsTurn(turnId: number): boolean;
    onMic(turnId: number, pcm: ArrayBuffer): void;
    onMicEnd(turnId: number): void;
    playback: { onPlayed(itemId: string, samples: number): void };
    handleFlushed(requestId: number, played: Played): void;
  };
  /** The main conversation's push-to-talk turns and its player. */
  ptt: { onMic(turnId: number, pcm: ArrayBuffer): void; onMicEnd(turnId: number): void };
  playback: { onPlayed(itemId: string, samples: number): void; onFlushed(requestId: number, played: Played): void };
  /** A capture problem while the window cannot show it. */
  captureProblem(message: string): void;
  dropped(): void;
}

/**
 * One message from a renderer's audio channel to its owner: mic frames by turn id range
 * (services/session/turn-ids.ts), player progress to both players (each ignores ids it does not
 * know). Anything malformed is dropped, never thrown.
 */
export function routeAudio(message: AudioToMain, t: AudioTargets): void {
  if (t.dictation?.handleAudio(message)) return;
  switch (message?.kind) {
    case 'mic':
      if (!(message.pcm instanceof ArrayBuffer)) return;
      if (t.quick.ownsTurn(message.turnId)) t.quick.onMic(message.turnId, message.pcm);
      else t.ptt.onMic(message.turnId, message.pcm);
      return;
    case 'mic-end':
      if (t.quick.ownsTurn(message.turnId)) t.quick.onMicEnd(message.turnId);
      else t.ptt.onMicEnd(message.turnId);
      return;
    case 'played':
      if (typeof message.itemId !== 'string') return;
      t.playback.onPlayed(message.itemId, Number(message.samples));
      t.quick.playback.onPlayed(message.itemId, Number(message.samples));
      return;
    case 'flushed':
      if (!Array.isArray(message.played)) return;
      t.playback.onFlushed(message.requestId, message.played);
      t.quick.handleFlushed(message.requestId, message.played);
      return;
    case 'capture-status':
      // The window shows capture problems itself (from its own capture state); a hidden window
      // cannot, so only then does main tell the user, as a desktop notification.
      if (message.state !== 'ok') t.captureProblem(message.message ?? `Microphone problem: ${message.state}.`);
      return;
    default:
      t.dropped();
  }
}
