import { join } from 'node:path';
import type { TurnMetrics } from '../../shared/conversation';
import { DEFAULT_PRICE_TABLE, turnCostUsd } from '../../shared/history-settings';
import { HistoryStore } from '../history/history-store';
import { appDataDir, HISTORY_FILE } from '../history/open-history';

/**
 * Saves one `ask` exchange in the app's history as a quick query, so `npm run history -- search`
 * (and the app's History screen) find it. Never throws: the answer was already printed, so a
 * history problem is a note, not a failure. The cost uses the shipped price estimates (the CLI
 * does not read the app's settings file).
 */
export function saveAskExchange(
  env: Record<string, string | undefined>,
  question: string,
  answer: string,
  model: string,
  metrics: TurnMetrics | undefined,
): { id?: string; error?: string } {
  let store: HistoryStore | undefined;
  try {
    store = new HistoryStore(join(appDataDir(env), HISTORY_FILE));
    const costUsd = turnCostUsd(DEFAULT_PRICE_TABLE, model, metrics?.usage);
    const id = store.recordQuick(question, answer, {
      usage: {
        latencyMs: metrics?.latencyMs,
        inputTokens: metrics?.usage?.inputTokens,
        outputTokens: metrics?.usage?.outputTokens,
        costUsd,
      },
    });
    return { id };
  } catch (err) {
    return { error: String((err as Error)?.message ?? err) };
  } finally {
    try {
      store?.close();
    } catch {
      // closing a store that failed half-way is best effort
    }
  }
}
