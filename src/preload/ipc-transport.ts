import type { BridgeTransport } from '../shared/ipc/bridge-api';
import { unwrapCallResult } from '../shared/ipc/call-result';
import type { AudioToMain, AudioToRenderer } from '../shared/ipc/audio-messages';
import { IPC_AUDIO_PORT, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from '../shared/ipc/contract';

/** The slice of Electron's ipcRenderer the transport uses (so it is testable without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: { ports?: readonly MessagePortLike[] }, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: never[]) => void): unknown;
}

export interface MessagePortLike {
  postMessage(message: unknown): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

/** Mic frames queued before main's audio port arrives (page load): ~2 s at 40 ms frames. */
const MAX_QUEUED_AUDIO = 50;

/**
 * The Electron side of window.assistant: calls over ipcRenderer.invoke, events over ipcRenderer.on,
 * audio over a MessagePort that main hands over after the page loads (and again after a reload).
 * Listeners get the payload only — never the IpcRendererEvent, whose `sender` would give the page
 * a handle to ipcRenderer.
 */
export function createIpcTransport(ipc: IpcRendererLike): BridgeTransport {
  let port: MessagePortLike | undefined;
  const queued: AudioToMain[] = [];
  const audioListeners = new Set<(m: AudioToRenderer) => void>();

  ipc.on(IPC_AUDIO_PORT, (event) => {
    const next = event.ports?.[0];
    if (!next) return;
    port?.close();
    port = next;
    port.onmessage = (ev) => {
      for (const l of [...audioListeners]) {
        try {
          l(ev.data as AudioToRenderer);
        } catch (err) {
          console.error('audio listener failed', err);
        }
      }
    };
    port.start();
    for (const m of queued.splice(0)) port.postMessage(m);
  });

  return {
    async invoke(name, input) {
      return unwrapCallResult(await ipc.invoke(`${IPC_CALL_PREFIX}${name}`, input));
    },
    subscribe(name, listener) {
      const channel = `${IPC_EVENT_PREFIX}${name}`;
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
    postAudio(message) {
      // No transfer list on purpose: main's end is a MessagePortMain, which loses the data of a
      // message whose ArrayBuffer was transferred (electron/electron#34905); see audio-messages.ts.
      if (port) port.postMessage(message);
      else if (queued.length < MAX_QUEUED_AUDIO) queued.push(message);
    },
    onAudio(listener) {
      audioListeners.add(listener);
      return () => {
        audioListeners.delete(listener);
      };
    },
  };
}
