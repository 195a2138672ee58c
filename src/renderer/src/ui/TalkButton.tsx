import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../state/context';

/**
 * Push-to-talk in the window: hold the button (pointer or Space/Enter while it has focus), or hold
 * Space anywhere in the window except while typing. Main decides what a press means (barge-in,
 * new turn) and answers with capture on/off on the audio channel.
 */
export function useTalk(disabled: boolean) {
  const { store } = useServices();
  const held = useRef(false);
  const [pressed, setPressed] = useState(false);

  const press = useCallback(() => {
    if (held.current || disabled) return;
    held.current = true;
    setPressed(true);
    void store.run('Push-to-talk', () => store.api.ptt.press());
  }, [store, disabled]);

  const release = useCallback(() => {
    if (!held.current) return;
    held.current = false;
    setPressed(false);
    void store.run('Push-to-talk', () => store.api.ptt.release());
  }, [store]);

  return { pressed, press, release };
}

/** Elements where Space already means something (typing, toggling, activating). */
function spaceBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return !!target.closest('input, textarea, select, button, a[href], summary, [role="switch"], [role="button"]');
}

export function useSpaceToTalk(enabled: boolean, press: () => void, release: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.ctrlKey || e.metaKey || e.altKey || spaceBelongsTo(e.target)) return;
      e.preventDefault();
      if (!e.repeat) press();
    };
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space') return;
      release();
    };
    // Losing focus mid-hold must not leave the mic open.
    const blur = () => release();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [enabled, press, release]);
}

export function TalkButton(props: { pressed: boolean; press: () => void; release: () => void; disabled: boolean; listening: boolean }) {
  const { pressed, press, release, disabled, listening } = props;
  return (
    <button
      type="button"
      className={`talk ${pressed || listening ? 'talk--on' : ''}`}
      data-testid="talk-button"
      aria-pressed={pressed}
      aria-label={pressed ? 'Talking: release to send' : 'Hold to talk'}
      disabled={disabled}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        press();
      }}
      onPointerUp={release}
      onPointerCancel={release}
      onKeyDown={(e) => {
        if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
          e.preventDefault();
          press();
        }
      }}
      onKeyUp={(e) => {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          release();
        }
      }}
    >
      <span aria-hidden="true" className="talk__dot" />
      {pressed ? 'Release to send' : 'Hold to talk'}
      <span className="talk__hint">Space</span>
    </button>
  );
}
