import type { TurnMetrics } from '../../../shared/conversation';
import type { ResponseSummary } from '../conversation/conversation-model';

/** The figures shown under an answer: latency from `start` (end of user speech) to its first output. */
export function turnMetrics(summary: ResponseSummary, start: number | undefined, firstOutputAt: number | undefined): TurnMetrics {
  return {
    responseId: summary.responseId,
    status: summary.status,
    ...(start !== undefined && firstOutputAt !== undefined ? { latencyMs: Math.max(0, firstOutputAt - start) } : {}),
    usage: summary.usage,
    error: summary.error,
  };
}
