import { z } from 'zod';

/**
 * The history and pricing parts of the settings (src/shared/settings.ts), kept here so the store,
 * the cost meter and the settings screen share one definition.
 */

/** 'forever' keeps everything, 'days' deletes conversations older than `days`, 'off' keeps nothing. */
export const RetentionSchema = z.enum(['forever', 'days', 'off']);
export type Retention = z.infer<typeof RetentionSchema>;

export const HistorySettingsSchema = z.object({
  retention: RetentionSchema.default('forever'),
  days: z.number().int().min(1).max(3650).default(90),
  /** Store the assistant's and the user's audio beside the text (off: text only). */
  keepAudio: z.boolean().default(false),
});
export type HistorySettings = z.infer<typeof HistorySettingsSchema>;
export const DEFAULT_HISTORY_SETTINGS: HistorySettings = { retention: 'forever', days: 90, keepAudio: false };

export const ModelPriceSchema = z.object({
  /** USD per million input tokens. */
  inputPerMTok: z.number().min(0).max(10_000),
  /** USD per million output tokens. */
  outputPerMTok: z.number().min(0).max(10_000),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const PriceTableSchema = z.object({
  /** When these prices were taken (YYYY-MM-DD); shown beside every cost. */
  asOf: z.string().max(32),
  /** True while the table holds the shipped estimates rather than the user's own prices. */
  estimate: z.boolean(),
  models: z.record(z.string().max(200), ModelPriceSchema),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;

/**
 * Shipped defaults: the LLM's public list prices on the date below, NOT Inworld's bill (speech
 * recognition and synthesis are priced separately and not included). Labelled as estimates in the UI.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  asOf: '2025-04-14',
  estimate: true,
  models: {
    'openai/gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
    'openai/gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
    'openai/gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
    'openai/gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  },
};

/** Cost of one turn in USD, or undefined when the model has no price or the turn no usage. */
export function turnCostUsd(
  table: PriceTable,
  model: string,
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined } | undefined,
): number | undefined {
  const price = table.models[model];
  if (!price || !usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return undefined;
  return ((usage.inputTokens ?? 0) * price.inputPerMTok + (usage.outputTokens ?? 0) * price.outputPerMTok) / 1_000_000;
}
