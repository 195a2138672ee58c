import type { DictationEntry, DictationOutcomeInfo, DictationStatus, DictationView } from '../../shared/dictation';
import type { AudioToMain, AudioToRenderer } from '../../shared/ipc/audio-messages';
import type { CallHandlers } from '../../shared/ipc/contract';
import { CallFailure } from '../../shared/ipc/call-result';

/** Dictation as the AppController sees it: contract calls, the renderer's audio, tray actions. */
export interface DictationPort {
  /** Claims mic frames of a dictation turn; false = not ours (push-to-talk gets them). */
  handleAudio(message: AudioToMain): boolean;
  /** How to start and stop the renderer's capture (pre-roll ring, release tail). */
  connectRenderer(post: (message: AudioToRenderer) => boolean): void;
  toggle(source: string): void;
  start(source: string): void;
  stop(source: string): void;
  cancel(): void;
  overlayHover(over: boolean): void;
  pasteLast(): Promise<DictationOutcomeInfo>;
  insertAgain(id: string): Promise<DictationOutcomeInfo>;
  copy(id: string): Promise<DictationOutcomeInfo>;
  list(): DictationEntry[];
  view(): DictationView;
  status(): DictationStatus;
}

type DictationCalls = Pick<
  CallHandlers,
  'dictation.list' | 'dictation.state' | 'dictation.status' | 'dictation.toggle' | 'dictation.cancel' | 'dictation.overlayHover' | 'dictation.pasteLast' | 'dictation.insertAgain' | 'dictation.copy'
>;

const IDLE: DictationView = { phase: 'idle', caption: '', level: 0 };

/** The `dictation.*` handlers of the contract, over the port (absent: dictation is not available on this host). */
export function dictationHandlers(port: () => DictationPort | undefined): DictationCalls {
  const need = (): DictationPort => {
    const p = port();
    if (!p) throw new CallFailure('Dictation is not available here.');
    return p;
  };
  return {
    'dictation.list': () => port()?.list() ?? [],
    'dictation.state': () => port()?.view() ?? IDLE,
    'dictation.status': () => need().status(),
    'dictation.toggle': () => {
      need().toggle('window');
      return { ok: true };
    },
    'dictation.cancel': () => {
      port()?.cancel();
      return { ok: true };
    },
    'dictation.overlayHover': ({ over }) => {
      port()?.overlayHover(over);
      return { ok: true };
    },
    'dictation.pasteLast': () => need().pasteLast(),
    'dictation.insertAgain': ({ id }) => need().insertAgain(id),
    'dictation.copy': ({ id }) => need().copy(id),
  };
}
