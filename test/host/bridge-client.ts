/**
 * Browser entry of the test host's bridge, bundled by esbuild and served as /__host/bridge.js. It
 * runs as a classic script before the app's module script and defines `window.assistant` with the
 * same builder the Electron preload uses, over a same-origin WebSocket instead of IPC. The renderer
 * cannot tell the difference.
 */
import { buildAssistantApi, BridgeError, type BridgeTransport } from '../../src/shared/ipc/bridge-api';
import { unwrapCallResult } from '../../src/shared/ipc/call-result';
import type { AudioToMain, AudioToRenderer } from '../../src/shared/ipc/audio-messages';
import { decodeAudio, encodeAudio, HOST_WS_PATH, type ClientFrame, type HostFrame } from './wire';

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${HOST_WS_PATH}`);
socket.binaryType = 'arraybuffer';

let nextId = 1;
const pendingCalls = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
const outbox: Array<string | ArrayBuffer> = [];
const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
const audioListeners = new Set<(m: AudioToRenderer) => void>();

function send(data: string | ArrayBuffer): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
  else if (socket.readyState === WebSocket.CONNECTING) outbox.push(data);
}

socket.addEventListener('open', () => {
  for (const d of outbox.splice(0)) socket.send(d);
});
socket.addEventListener('close', () => {
  for (const p of pendingCalls.values()) p.reject(new BridgeError('failed', 'The host connection closed.'));
  pendingCalls.clear();
});
socket.addEventListener('message', (ev: MessageEvent) => {
  if (ev.data instanceof ArrayBuffer) {
    const msg = decodeAudio(ev.data);
    if (msg) for (const l of [...audioListeners]) l(msg as AudioToRenderer);
    return;
  }
  let frame: HostFrame;
  try {
    frame = JSON.parse(String(ev.data)) as HostFrame;
  } catch {
    return;
  }
  if (frame.t === 'result') {
    const p = pendingCalls.get(frame.id);
    if (!p) return;
    pendingCalls.delete(frame.id);
    try {
      p.resolve(unwrapCallResult(frame.result));
    } catch (err) {
      p.reject(err);
    }
  } else if (frame.t === 'event') {
    for (const l of [...(eventListeners.get(frame.name) ?? [])]) {
      try {
        l(frame.payload);
      } catch (err) {
        console.error(err);
      }
    }
  }
});

const transport: BridgeTransport = {
  invoke(name, input) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pendingCalls.set(id, { resolve, reject });
      const frame: ClientFrame = { t: 'call', id, name, input };
      send(JSON.stringify(frame));
    });
  },
  subscribe(name, listener) {
    let set = eventListeners.get(name);
    if (!set) eventListeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
  postAudio(message: AudioToMain) {
    send(encodeAudio(message as unknown as Record<string, unknown>));
  },
  onAudio(listener) {
    audioListeners.add(listener);
    return () => audioListeners.delete(listener);
  },
};

Object.defineProperty(window, 'assistant', { value: buildAssistantApi(transport), writable: false, configurable: false });

// An ES module (not CommonJS) for esbuild, so imports initialise in order.
export {};
