/**
 * Error codes the client recognises (§4.5, §7.2). Only documented codes are listed: the simulator's
 * convention codes must never drive client behaviour.
 */
export const BENIGN_ERROR_CODES = {
  /** `response.cancel` raced with the server's own cancel or completion. */
  cancelNotActive: 'response_cancel_not_active',
  /** `response.create` raced with a server-created response; the active one will run. */
  alreadyActive: 'conversation_already_has_active_response',
  /** Push-to-talk press too short: "nothing said". */
  commitEmpty: 'input_audio_buffer_commit_empty',
  /** Delete/retrieve/truncate of an item that is already gone. */
  itemNotFound: 'item_not_found',
} as const;

export type BenignErrorCode = (typeof BENIGN_ERROR_CODES)[keyof typeof BENIGN_ERROR_CODES];

const BENIGN: ReadonlySet<string> = new Set(Object.values(BENIGN_ERROR_CODES));

export function isBenignErrorCode(code: string | null | undefined): code is BenignErrorCode {
  return typeof code === 'string' && BENIGN.has(code);
}

/** OpenAI's signal that the session reached its maximum duration and the socket closes next. */
export const SESSION_EXPIRED_CODE = 'session_expired';
