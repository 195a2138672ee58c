/**
 * What the user sees of a conversation. Main builds it from the realtime state; the renderer only
 * displays it. Plain data (structured-clone safe), no protocol objects.
 */
export type TurnMode = 'push-to-talk' | 'hands-free';

/** Connection state of the realtime session, as shown to the user. */
export type ConnectionStatus = 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'error';

/** What the assistant is doing right now. */
export type TurnPhase = 'idle' | 'listening' | 'thinking' | 'speaking';

export interface UserFacingError {
  /** Stable machine code, e.g. 'bad_key', 'rate_limited', 'unreachable', 'tls', 'server_error'. */
  code: string;
  /** One sentence saying what happened. */
  message: string;
  /** One sentence saying what the user can do about it (may be empty). */
  fix: string;
}

export interface ConnectionState {
  status: ConnectionStatus;
  mode: TurnMode;
  phase: TurnPhase;
  error?: UserFacingError;
  /** While reconnecting: the attempt number and when the next try happens (epoch ms). */
  attempt?: number;
  nextRetryAt?: number;
  /** True when talking to the local simulator rather than Inworld. */
  demo: boolean;
}

export type ConversationEntry =
  | {
      kind: 'message';
      id: string;
      role: 'user' | 'assistant' | 'system';
      text: string;
      /** Still streaming (deltas may follow) or final. */
      final: boolean;
      /** Assistant: interrupted by the user; `heardMs` is how much of it was played. */
      interrupted?: boolean;
      heardMs?: number;
      /** User: spoken (transcribed) or typed. */
      source?: 'voice' | 'text';
      responseId?: string;
      createdAt: number;
    }
  | {
      kind: 'tool';
      id: string;
      callId: string;
      name: string;
      /** Arguments as the model sent them (JSON text). */
      argumentsJson: string;
      status: 'pending-approval' | 'running' | 'done' | 'failed' | 'denied' | 'cancelled';
      /** Result or error text as sent back to the model (already size-capped). */
      output?: string;
      responseId?: string;
      createdAt: number;
    };

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/** Per-turn figures shown under each answer. */
export interface TurnMetrics {
  responseId: string;
  /** End of user speech (commit or text send) → first assistant audio (or text) at main. */
  latencyMs?: number;
  usage?: TokenUsage;
  status: 'completed' | 'cancelled' | 'failed' | 'incomplete';
  error?: string;
}
