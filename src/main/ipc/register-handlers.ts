import { DisposableStore, type Disposable } from '../../shared/disposable';
import { CALL_NAMES, IPC_CALL_PREFIX } from '../../shared/ipc/contract';
import type { CallHandlers } from '../../shared/ipc/contract';
import { createCallDispatcher, type DispatcherOptions } from './call-dispatcher';
import type { IpcMainPort } from './ipc-port';

/**
 * Registers one IPC channel per contract call, all routed through the validating dispatcher.
 * Every call gets a channel even without a handler, so the renderer receives a typed
 * `unknown_call` instead of Electron's untyped "no handler registered" rejection.
 * Disposing removes every channel (used on window close and in tests).
 */
export function registerHandlers(port: IpcMainPort, handlers: Partial<CallHandlers>, options: DispatcherOptions): Disposable {
  const dispatch = createCallDispatcher(handlers, options);
  const store = new DisposableStore();
  for (const name of CALL_NAMES) {
    store.add(port.handle(`${IPC_CALL_PREFIX}${name}`, (sender, payload) => dispatch(name, sender, payload)));
  }
  return store;
}
