import type { ClientItem } from '../../../shared/protocol/client-events';
import type { SessionConnection } from '../turns/request-ledger';
import type { ConversationModel } from '../conversation/conversation-model';
import type { TextTurn, TurnTracker } from '../turns/turn-tracker';

/**
 * What a new socket needs after the old one died (§6.8): there is no resume, so the conversation is
 * replayed as plain messages — user `input_text`, assistant `text` (Inworld's documented spelling),
 * never function-call pairs — and a user turn whose answer was lost is asked again.
 */

export function textMessage(role: 'user' | 'assistant', text: string): ClientItem {
  return role === 'user'
    ? { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }
    : { type: 'message', role: 'assistant', content: [{ type: 'text', text }] };
}

/** Replays the last `limit` finished messages, oldest first, except the unanswered turn (re-sent separately). */
export function replayHistory(conn: SessionConnection, model: ConversationModel, turns: TurnTracker, limit: number): void {
  const exclude = turns.unansweredEntryId();
  for (const h of model.history(limit)) {
    if (h.entryId === exclude) continue;
    // The accepted spelling of assistant content on create is unverified (§4.2): Inworld's `text`
    // first, OpenAI's `output_text` if the server rejects it.
    const fallback: ClientItem | undefined =
      h.role === 'assistant' ? { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: h.text }] } : undefined;
    conn.request({ type: 'conversation.item.create', item: textMessage(h.role, h.text) }, { kind: 'replay', fallback });
  }
}

/**
 * Re-sends the user turn whose answer died with the old socket as text. Returns the text turn to
 * attach the new response to (null for a voice turn), or undefined when nothing was pending.
 */
export function resendLostTurn(conn: SessionConnection, turns: TurnTracker): { turn: TextTurn | null } | undefined {
  const lost = turns.peekUnanswered();
  if (!lost || !lost.text) return undefined;
  conn.request(
    { type: 'conversation.item.create', item: textMessage('user', lost.text) },
    { kind: 'replay', entryId: lost.entryId, turn: lost.turn ?? undefined },
  );
  return { turn: lost.turn };
}
