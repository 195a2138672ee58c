import type { AssistantApi } from '../../shared/ipc/bridge-api';

/**
 * The renderer's only door to main. Whoever hosts the page (Electron's preload or the browser test
 * host) puts the generated API on `window.assistant`; the renderer does not know or ask which.
 */
declare global {
  interface Window {
    assistant: AssistantApi;
  }
}

export function assistant(): AssistantApi {
  const api = window.assistant;
  if (!api) throw new Error('window.assistant is missing: the page was opened outside its host.');
  return api;
}
