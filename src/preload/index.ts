/**
 * Preload (sandboxed, context-isolated): exposes exactly one object, `window.assistant`, built from
 * the bridge contract. Nothing else of Electron reaches the page — not ipcRenderer, not events.
 * It requires only 'electron'; everything from src/shared is bundled into out/preload/index.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildAssistantApi } from '../shared/ipc/bridge-api';
import { createIpcTransport, type IpcRendererLike } from './ipc-transport';

contextBridge.exposeInMainWorld('assistant', buildAssistantApi(createIpcTransport(ipcRenderer as unknown as IpcRendererLike)));
