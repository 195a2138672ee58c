import { z } from 'zod';
import { TurnModeSchema } from './settings';

/**
 * What the user sees of a conversation. Main builds it from the realtime state; the renderer only
 * displays it. Plain data (structured-clone safe), no protocol objects. The schemas are the one
 * source of truth: the bridge contract validates with them, the types are their `z.infer`.
 */
export { TurnModeSchema };
export type TurnMode = z.infer<typeof TurnModeSchema>;

/** Connection state of the realtime session, as shown to the user. */
export const ConnectionStatusSchema = z.enum(['offline', 'connecting', 'ready', 'reconnecting', 'error']);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** What the assistant is doing right now. */
export const TurnPhaseSchema = z.enum(['idle', 'listening', 'thinking', 'speaking']);
export type TurnPhase = z.infer<typeof TurnPhaseSchema>;

export const UserFacingErrorSchema = z.object({
  /** Stable machine code, e.g. 'bad_key', 'rate_limited', 'unreachable', 'tls', 'server_error'. */
  code: z.string(),
  /** One sentence saying what happened. */
  message: z.string(),
  /** One sentence saying what the user can do about it (may be empty). */
  fix: z.string(),
});
export type UserFacingError = z.infer<typeof UserFacingErrorSchema>;

/** How serious a notice is (session notices, banners, desktop notifications). */
export const NoticeLevelSchema = z.enum(['info', 'warn', 'error']);
export type NoticeLevel = z.infer<typeof NoticeLevelSchema>;

/** The connection itself: what the socket layer reports and everything above it passes on. */
export const ConnectionStatusInfoSchema = z.object({
  status: ConnectionStatusSchema,
  error: UserFacingErrorSchema.optional(),
  /** While reconnecting: the attempt number and when the next try happens (epoch ms). */
  attempt: z.number().optional(),
  nextRetryAt: z.number().optional(),
});
export type ConnectionStatusInfo = z.infer<typeof ConnectionStatusInfoSchema>;

/** The connection plus what the assistant is doing (the session holder tracks this). */
export const ConnectionSnapshotSchema = ConnectionStatusInfoSchema.extend({ phase: TurnPhaseSchema });
export type ConnectionSnapshot = z.infer<typeof ConnectionSnapshotSchema>;

/** Everything the UI shows about the session. */
export const ConnectionStateSchema = ConnectionSnapshotSchema.extend({
  mode: TurnModeSchema,
  /** True when talking to the local simulator rather than Inworld. */
  demo: z.boolean(),
});
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const ConversationEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    id: z.string(),
    role: z.enum(['user', 'assistant', 'system']),
    text: z.string(),
    /** Still streaming (deltas may follow) or final. */
    final: z.boolean(),
    /** Assistant: interrupted by the user; `heardMs` is how much of it was played. */
    interrupted: z.boolean().optional(),
    heardMs: z.number().optional(),
    /** User: spoken (transcribed) or typed. */
    source: z.enum(['voice', 'text']).optional(),
    responseId: z.string().optional(),
    createdAt: z.number(),
  }),
  z.object({
    kind: z.literal('tool'),
    id: z.string(),
    callId: z.string(),
    name: z.string(),
    /** Arguments as the model sent them (JSON text). */
    argumentsJson: z.string(),
    status: z.enum(['pending-approval', 'running', 'done', 'failed', 'denied', 'cancelled']),
    /** Result or error text as sent back to the model (already size-capped). */
    output: z.string().optional(),
    responseId: z.string().optional(),
    createdAt: z.number(),
  }),
]);
export type ConversationEntry = z.infer<typeof ConversationEntrySchema>;

export const TokenUsageSchema = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  totalTokens: z.number().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Per-turn figures shown under each answer. */
export const TurnMetricsSchema = z.object({
  responseId: z.string(),
  /** End of user speech (commit or text send) → first assistant audio (or text) at main. */
  latencyMs: z.number().optional(),
  usage: TokenUsageSchema.optional(),
  status: z.enum(['completed', 'cancelled', 'failed', 'incomplete']),
  error: z.string().optional(),
});
export type TurnMetrics = z.infer<typeof TurnMetricsSchema>;
