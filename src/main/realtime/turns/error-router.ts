import type { ErrorObject } from '../../../shared/protocol/objects';
import { BENIGN_ERROR_CODES, isBenignErrorCode } from '../../../shared/protocol/error-codes';
import type { SessionConnection } from './request-ledger';
import type { ConversationModel } from '../conversation/conversation-model';
import type { MicInput } from '../mic/mic-input';
import type { Logger } from '../../../shared/logger';
import type { TurnTracker } from './turn-tracker';

/**
 * Routes a server `error` event (§4.5, §7.2) to whatever caused it, found by `error.event_id`. An
 * error never closes the session: benign codes are logged at debug level, a rejected request fails
 * only its own turn, and the user hears about what they asked for and did not get.
 */
export interface ErrorRouterHost {
  conn: SessionConnection;
  model: ConversationModel;
  turns: TurnTracker;
  mic: MicInput;
  log: Logger;
  notice(level: 'warn' | 'error', message: string): void;
}

export class ErrorRouter {
  private outputClearErrorLogged = false;

  constructor(private readonly host: ErrorRouterHost) {}

  route(e: ErrorObject): void {
    const { conn, model, turns, mic, log } = this.host;
    const id = e.event_id ?? undefined;
    if (id && mic.commitFailed(id, e.code, e.message)) return;
    const fallback = id ? turns.takeFallback(id) : undefined;
    if (id && fallback) {
      // A replayed assistant message in a spelling the server refuses: try the other one (§6.8).
      model.createFailed(id);
      conn.request({ type: 'conversation.item.create', item: fallback }, { kind: 'replay' });
      return;
    }
    const handled = id ? turns.clientEventFailed(id, e.code ?? null, e.message ?? 'rejected') : null;
    if (handled === 'create') model.createFailed(id as string);
    if (handled === 'create' || handled === 'response') {
      // already-active is benign: the request is retried when the active response ends.
      if (e.code !== BENIGN_ERROR_CODES.alreadyActive) this.host.notice('error', `Message not delivered: ${e.message ?? e.code}`);
      return;
    }
    if (isBenignErrorCode(e.code)) {
      log.debug(`benign server error ${e.code}`, e);
      return;
    }
    if (id && turns.isOutputClear(id)) {
      // Project decision (§5.1.5): an error reply to output_audio_buffer.clear is benign; log once.
      if (!this.outputClearErrorLogged) log.info('output_audio_buffer.clear not supported', e);
      this.outputClearErrorLogged = true;
      return;
    }
    log.warn(`server error: ${e.message ?? e.code}`, e);
    if (e.type === 'server_error' || !id) this.host.notice('error', `Server error: ${e.message ?? e.code ?? 'unknown'}`);
  }
}
