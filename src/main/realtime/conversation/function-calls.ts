import type { Item } from '../../../shared/protocol/objects';
import type { FunctionCallState } from './response-state';
import { RETENTION, trimOldest } from './retention';

/**
 * Function calls as they stream in (§5.7). The name is taken from the `function_call` item
 * (`output_item.added` / `conversation.item.added`) because `function_call_arguments.done` may omit
 * it on Inworld; arguments are never parsed here (`""` means `{}` to the executor). Calls are run
 * only at `response.done` (§6.5), by the session.
 */
export class FunctionCalls {
  private readonly calls = new Map<string, FunctionCallState>();

  /** `link` attaches a call to its response once the response id is known. */
  constructor(private readonly link: (call: FunctionCallState) => void) {}

  /** Drops finished calls whose response is no longer tracked (see `RETENTION`). */
  forget(callIds: Iterable<string>): void {
    for (const id of callIds) this.calls.delete(id);
  }

  get size(): number {
    return this.calls.size;
  }

  get(callId: string): FunctionCallState | undefined {
    return this.calls.get(callId);
  }

  find(callId: string | null | undefined, itemId: string | null | undefined): FunctionCallState | undefined {
    if (callId) return this.calls.get(callId);
    if (itemId) for (const c of this.calls.values()) if (c.itemId === itemId) return c;
    return undefined;
  }

  register(callId: string | null | undefined, itemId: string | null | undefined, responseId: string | null | undefined, item?: Item): FunctionCallState | undefined {
    const id = callId ?? item?.call_id;
    if (!id) return undefined;
    let call = this.calls.get(id);
    if (!call) {
      call = { callId: id, argumentsJson: '', argsDone: false };
      this.calls.set(id, call);
      // Calls that never got linked to a response are not removed by `forget`: cap them too.
      trimOldest(this.calls, RETENTION.eventIds, (k) => k === id, RETENTION.responses);
    }
    if (itemId && !call.itemId) call.itemId = itemId;
    if (responseId && !call.responseId) call.responseId = responseId;
    if (item?.name) call.name = item.name;
    // The final item carries the complete arguments; an in-progress one carries "" or a prefix.
    if (item && typeof item.arguments === 'string' && (item.status === 'completed' || item.arguments.length > call.argumentsJson.length)) {
      call.argumentsJson = item.arguments;
    }
    if (call.responseId) this.link(call);
    return call;
  }

  argsDelta(callId: string | null | undefined, itemId: string | null | undefined, delta: string): void {
    const call = this.find(callId, itemId);
    if (call && !call.argsDone) call.argumentsJson += delta;
  }

  argsDone(
    callId: string | null | undefined,
    itemId: string | null | undefined,
    responseId: string | null | undefined,
    args: string | null | undefined,
    name: string | null | undefined,
  ): void {
    const call = this.find(callId, itemId) ?? this.register(callId, itemId, responseId);
    if (!call) return;
    if (typeof args === 'string') call.argumentsJson = args;
    if (name) call.name = name;
    call.argsDone = true;
  }
}
