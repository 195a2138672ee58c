import {
  CALL_NAMES,
  EVENT_NAMES,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
} from './contract';
import type { AudioToMain, AudioToRenderer } from './audio-messages';

/**
 * Builds `window.assistant` — verbs, not channels — from the contract table. The same builder serves
 * the Electron preload (over ipcRenderer + MessagePort) and the browser test host (over a
 * WebSocket), so the renderer cannot tell which one it runs on.
 *
 * Call 'settings.get'      → assistant.settings.get()
 * Call 'session.sendText'  → assistant.session.sendText({ text })
 * Event 'ptt.state'        → assistant.ptt.onState(cb)  (returns an unsubscribe function)
 */
type Split<S extends string> = S extends `${infer NS}.${infer V}` ? [NS, V] : never;
type Namespaces = Split<CallName>[0] | Split<EventName>[0];

type CallsIn<NS extends string> = {
  [N in CallName as Split<N>[0] extends NS ? Split<N>[1] : never]: CallInput<N> extends undefined
    ? () => Promise<CallOutput<N>>
    : (input: CallInput<N>) => Promise<CallOutput<N>>;
};
type EventsIn<NS extends string> = {
  [N in EventName as Split<N>[0] extends NS ? `on${Capitalize<Split<N>[1]>}` : never]: (
    listener: (payload: EventPayload<N>) => void,
  ) => () => void;
};

/** Events without a namespace (e.g. 'notice') become top-level verbs: assistant.onNotice(cb). */
type TopLevelEvents = {
  [N in EventName as N extends `${string}.${string}` ? never : `on${Capitalize<N>}`]: (
    listener: (payload: EventPayload<N>) => void,
  ) => () => void;
};

export type AssistantApi = { [NS in Namespaces]: CallsIn<NS> & EventsIn<NS> } & TopLevelEvents & {
  audio: {
    /**
     * Send audio to main. The caller keeps its ArrayBuffers: hosts copy them (structured clone),
     * because Electron's MessagePortMain cannot take a transferred ArrayBuffer (see ipc-transport.ts).
     */
    post(message: AudioToMain): void;
    onMessage(listener: (message: AudioToRenderer) => void): () => void;
  };
};

/** What a host must provide; everything else is generated. */
export interface BridgeTransport {
  invoke(name: CallName, input: unknown): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
  postAudio(message: AudioToMain): void;
  onAudio(listener: (message: AudioToRenderer) => void): () => void;
}

/** Thrown in the renderer when main refuses or fails a call. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export function buildAssistantApi(transport: BridgeTransport): AssistantApi {
  const api: Record<string, Record<string, unknown>> = {};
  const ns = (name: string) => (api[name] ??= {});
  for (const name of CALL_NAMES) {
    const [space, verb] = name.split('.') as [string, string];
    // Only the input crosses; a listener or a raw IPC event never does.
    ns(space)[verb] = (input?: unknown) => transport.invoke(name, input);
  }
  for (const name of EVENT_NAMES) {
    const dot = name.indexOf('.');
    const noun = dot < 0 ? name : name.slice(dot + 1);
    const target = dot < 0 ? (api as Record<string, unknown>) : ns(name.slice(0, dot));
    target[`on${noun[0]!.toUpperCase()}${noun.slice(1)}`] = (listener: (p: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(name, (payload) => listener(payload));
    };
  }
  api.audio = {
    post: (message: AudioToMain) => transport.postAudio(message),
    onMessage: (listener: (m: AudioToRenderer) => void) => transport.onAudio(listener),
  };
  return Object.freeze(api) as unknown as AssistantApi;
}
