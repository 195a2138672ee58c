import type { Settings } from '../../../shared/settings';
import { useAudioState } from '../state/context';

/**
 * Which echo strategy is active, for hands-free on speakers (docs/ARCHITECTURE.md, "Echo and
 * barge-in"): Chromium's echo canceller with the whole app's output as its reference (measured ≥ 60 dB
 * on a real speaker→mic loop), plus the local barge-in gate. Headphones are recommended only when
 * the system refused echo cancellation for the open microphone.
 */
export function EchoStatus(props: { mode: Settings['mode']; bargeInMs: number }) {
  const audio = useAudioState();
  const aec = audio?.capture.status === 'open' ? audio.capture.echoCancellation : undefined;
  const gate = props.bargeInMs > 0 ? `an answer is interrupted only by ${props.bargeInMs} ms of sustained voice` : "the service's voice detection interrupts answers";
  if (aec === false) {
    return (
      <p className="hint" data-testid="echo-strategy" data-strategy="none" role="status">
        Echo cancellation is not available for this microphone.{' '}
        <strong data-testid="headphones-advice">{props.mode === 'hands-free' ? 'Use headphones in hands-free mode' : 'Use headphones for hands-free mode'}</strong>
        , or the assistant may hear itself.
      </p>
    );
  }
  if (aec === undefined) {
    return (
      <p className="hint" data-testid="echo-strategy" data-strategy="unknown">
        Echo cancellation is checked when the microphone opens.
      </p>
    );
  }
  return (
    <p className="hint" data-testid="echo-strategy" data-strategy="aec-app-reference">
      Echo: cancelled against everything the app plays (speakers are fine); {gate}.
    </p>
  );
}
