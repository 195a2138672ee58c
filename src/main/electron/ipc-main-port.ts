import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { toDisposable } from '../../shared/disposable';
import type { CallSender } from '../../shared/ipc/contract';
import type { IpcMainPort } from '../ipc/ipc-port';

/** IpcMainPort over ipcMain.handle; the sender is described from `event.senderFrame`. */
export const electronIpcMainPort: IpcMainPort = {
  handle(channel, handler) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => handler(describeSender(event), payload));
    return toDisposable(() => ipcMain.removeHandler(channel));
  },
};

function describeSender(event: IpcMainInvokeEvent): CallSender {
  const frame = event.senderFrame;
  return {
    // senderFrame is null once the frame navigated away or was destroyed: refuse such calls.
    frameUrl: frame?.url,
    isMainFrame: frame ? frame.parent === null : false,
    senderId: event.sender.id,
  };
}
