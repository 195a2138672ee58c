import { useState } from 'react';
import { useServices } from '../state/context';
import type { AppState } from '../state/app-store';
import { ApiKeySection } from './ApiKeySection';

/** First run: what the key is, the microphone permission, the hotkey — and a way to just try it. */
export function Onboarding({ app }: { app: AppState }) {
  const { store, audio } = useServices();
  const [mic, setMic] = useState<string | null>(null);
  const finish = async (connect: boolean) => {
    await store.run('Saving', () => store.updateSettings({ onboardingDone: true }));
    if (connect) await store.run('Connect', () => store.api.session.connect());
  };
  const askMic = async () => {
    if (!audio) return;
    const status = await audio.requestMicPermission();
    setMic(status === 'open' ? 'Microphone ready.' : status === 'denied' ? 'Access denied: allow the microphone in your system settings.' : 'No microphone found.');
  };
  const hotkey = app.settings?.hotkeys.talk ?? '';
  return (
    <main className="onboarding" data-testid="onboarding" aria-labelledby="onb-title">
      <h2 id="onb-title">Welcome to Inworld Desk</h2>
      <ol className="onboarding__steps">
        <li>
          <h3>1. Your Inworld API key</h3>
          <p>
            The assistant talks to Inworld's Realtime API with your own key. Create one in the Inworld portal and paste it here.
            It is kept by the app in your system keychain and never shown again.
          </p>
          <ApiKeySection status={app.keyStatus} />
        </li>
        <li>
          <h3>2. Microphone</h3>
          <p>The app listens only while you hold the talk key (or in hands-free mode). Allow the microphone now to check it works.</p>
          <button type="button" data-testid="onboarding-mic" onClick={() => void askMic()}>
            Allow microphone
          </button>
          {mic && <p role="status" data-testid="onboarding-mic-status">{mic}</p>}
        </li>
        <li>
          <h3>3. Talk from anywhere</h3>
          <p>
            Hold <kbd>{hotkey.replace('CommandOrControl', navigator.platform.startsWith('Mac') ? 'Cmd' : 'Ctrl')}</kbd> to talk from any
            app, or hold <kbd>Space</kbd> in this window. Release to send.
          </p>
        </li>
      </ol>
      <div className="onboarding__actions">
        <button type="button" className="primary" data-testid="onboarding-done" disabled={!app.keyStatus?.set && !app.info?.demo} onClick={() => void finish(true)}>
          Start
        </button>
        <button type="button" data-testid="onboarding-demo" onClick={() => void finish(true)}>
          {app.info?.demo ? 'Try the demo (no key needed)' : 'Skip for now'}
        </button>
      </div>
      {!app.info?.demo && (
        <p className="hint">To try it without a key, start the app in demo mode (<code>npm run demo</code>): it talks to a local simulator.</p>
      )}
    </main>
  );
}
