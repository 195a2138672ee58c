import type { ClientItem } from '../../../shared/protocol/client-events';
import type { RealtimeConnection } from '../connection/connection';
import type { RequestLedger } from '../connection/connection-api';
import type { ConversationModel } from '../conversation/conversation-model';
import type { TextTurn, TurnTracker } from './turn-tracker';

/** What a tracked request is for, so its reply (or its error) can be matched to it. */
export type RequestMeta =
  /** `conversation.item.create` of a typed message. */
  | { kind: 'user-text'; entryId: string; turn: TextTurn }
  /** `conversation.item.create` replaying history or a lost turn after a reconnect (§6.8). */
  | { kind: 'replay'; entryId?: string; turn?: TextTurn | undefined; fallback?: ClientItem }
  /** `response.create`, answering `turn` (null: a voice turn). */
  | { kind: 'response'; turn: TextTurn | null }
  /** `input_audio_buffer.commit` of a push-to-talk turn: the voice turn's latency starts here. */
  | { kind: 'commit' }
  /** `output_audio_buffer.clear` after an interruption: its error reply is expected and benign. */
  | { kind: 'output-clear' };

/** The session's connection: every tracked request carries a RequestMeta. */
export type SessionConnection = RealtimeConnection<RequestMeta>;

/**
 * Where the turn tracker and the conversation model learn about our requests: once when asked for
 * (the id exists, the expectation is recorded) and once when the request really left the socket
 * (echoes and replies can only come after that, and requests queued across a reconnect only count
 * from then).
 */
export function requestLedger(turns: TurnTracker, model: ConversationModel, now: () => number = Date.now): RequestLedger<RequestMeta> {
  return {
    requested(eventId, meta) {
      switch (meta.kind) {
        case 'user-text':
        case 'replay':
          return turns.noteCreate(eventId, meta);
        case 'response':
          return turns.expectResponse(eventId, meta.turn, now());
        case 'commit':
          return turns.commitSent(now());
        case 'output-clear':
          return;
      }
    },
    written(eventId, meta) {
      switch (meta.kind) {
        case 'user-text':
        case 'replay': {
          const create = turns.createMeta(eventId);
          if (create) model.expectCreated(eventId, create.kind, create.entryId);
          if (create?.kind === 'user-text' && create.turn) turns.markSent(create.turn);
          return;
        }
        case 'response':
          return turns.responseRequestSent(eventId);
        case 'commit':
          return;
        case 'output-clear':
          return turns.noteOutputClear(eventId);
      }
    },
  };
}
