import type { Disposable } from '../../shared/disposable';

/**
 * Who made a bridge call, as far as main can tell. Electron fills it from `event.senderFrame`; the
 * test host from the WebSocket upgrade request (a socket has no frames, so it is always "top").
 */
export interface CallSender {
  /** URL of the calling frame; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  /** False for any iframe: only our own top-level document may talk to main. */
  isMainFrame: boolean;
  /** Stable id of the sending renderer (webContents id or socket id), for logs. */
  senderId: number;
}

/** The one IPC primitive main needs, so the handler wrapper is testable without Electron. */
export interface IpcMainPort {
  handle(channel: string, handler: (sender: CallSender, payload: unknown) => Promise<unknown>): Disposable;
}
