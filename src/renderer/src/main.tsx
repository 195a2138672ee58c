import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AudioEngine } from './audio/audio-engine';
import { defaultSettings } from '../../shared/settings';
import { assistant } from './bridge';
import { AppStore } from './state/app-store';
import { ServicesContext, type Services } from './state/context';
import { App } from './ui/App';
import './styles.css';

/**
 * Composition root: the store mirrors main, the audio engine starts as soon as settings are known
 * (so the player is ready before the first reply), and React renders both.
 */
async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let api;
  try {
    api = assistant();
  } catch (err) {
    root.render(<p role="alert">{String((err as Error).message)}</p>);
    return;
  }
  const store = new AppStore(api);
  // The audio engine subscribes before anything loads so no capture-mode/out message is missed;
  // real settings follow as soon as they are known.
  const services: Services = { store, audio: new AudioEngine(api, defaultSettings()) };
  const render = () =>
    root.render(
      <StrictMode>
        <ServicesContext.Provider value={services}>
          <App />
        </ServicesContext.Provider>
      </StrictMode>,
    );
  render();
  await store.init();
  // Opening the app means "be ready to talk": connect once if a key (or the demo) is there.
  const s = store.getSnapshot();
  if (s.settings?.onboardingDone && s.session.status === 'offline' && (s.keyStatus?.set || s.info?.demo)) {
    void store.run('Connecting', () => api.session.connect());
  }
}

void boot();
