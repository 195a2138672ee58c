import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AudioEngine, AudioState } from '../audio/audio-engine';
import type { AppState, AppStore } from './app-store';

/** The two stores the UI reads: what main says (AppStore) and what the audio devices do (AudioEngine). */
export interface Services {
  store: AppStore;
  audio: AudioEngine | null;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesContext missing');
  return s;
}

export function useAppState(): AppState {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

const NO_AUDIO = () => () => undefined;
const noAudioState = () => null;

export function useAudioState(): AudioState | null {
  const { audio } = useServices();
  return useSyncExternalStore(audio ? audio.subscribe : NO_AUDIO, audio ? audio.getSnapshot : noAudioState);
}
