import { useSyncExternalStore } from 'react';
import type { CaptureState } from '../audio/capture-engine';
import { useServices } from '../state/context';

const NO_LEVEL = () => () => undefined;
const SILENCE = () => -100;

/** Live input level, so the user sees the mic works before speaking into it. */
export function LevelMeter({ capture }: { capture: CaptureState | undefined }) {
  const { audio } = useServices();
  const level = useSyncExternalStore(audio ? audio.subscribeLevel : NO_LEVEL, audio ? audio.getLevel : SILENCE);
  const db = capture?.status === 'open' ? level : -100;
  // Map −60…0 dBFS onto 0…1: speech sits around −30…−10.
  const value = Math.max(0, Math.min(1, (db + 60) / 60));
  const label = capture?.status === 'open' ? `Microphone level ${Math.round(db)} dB` : `Microphone ${capture?.status ?? 'closed'}`;
  return (
    <div className="meter" title={capture?.deviceLabel || undefined}>
      <meter data-testid="mic-level" aria-label={label} min={0} max={1} low={0.5} high={0.9} optimum={0.6} value={value} />
      <span className="meter__label">{capture?.status === 'open' ? 'Mic ready' : micWord(capture?.status)}</span>
    </div>
  );
}

function micWord(status: CaptureState['status'] | undefined): string {
  switch (status) {
    case 'opening':
      return 'Opening mic…';
    case 'denied':
      return 'Mic blocked';
    case 'no-device':
      return 'No mic';
    case 'error':
      return 'Mic error';
    default:
      return 'Mic off';
  }
}
