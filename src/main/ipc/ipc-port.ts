import type { Disposable } from '../../shared/disposable';
import type { CallSender } from '../../shared/ipc/contract';


/** The one IPC primitive main needs, so the handler wrapper is testable without Electron. */
export interface IpcMainPort {
  handle(channel: string, handler: (sender: CallSender, payload: unknown) => Promise<unknown>): Disposable;
}
