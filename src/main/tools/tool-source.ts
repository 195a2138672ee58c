import { toDisposable, type Disposable } from '../../shared/disposable';
import type { Tool } from './tool';

/** A provider of tools whose list may change over time (built-ins, one MCP manager). */
export interface ToolSource {
  tools(): Tool[];
  onToolsChanged(listener: () => void): Disposable;
}

/** A fixed list of tools (the built-ins: their availability follows settings via isEnabled). */
export function staticToolSource(tools: Tool[]): ToolSource {
  return { tools: () => tools, onToolsChanged: () => toDisposable(() => {}) };
}
