import { z } from 'zod';

/**
 * Shapes of dictation shared by main (pipeline, journal) and the renderer (overlay, list): the one
 * source of truth is these schemas; the types are their z.infer.
 */
export const DictationPhaseSchema = z.enum([
  'idle', 'arming', 'listening', 'transcribing', 'inserting', 'inserted', 'copied', 'printed', 'unconfirmed', 'failed', 'cancelled',
]);
export type DictationPhase = z.infer<typeof DictationPhaseSchema>;

/** What the overlay shows. */
export const DictationViewSchema = z.object({
  phase: DictationPhaseSchema,
  /** Live caption (transcription deltas) while transcribing; the final text once known. */
  caption: z.string(),
  /** 0…1 peak of the latest microphone chunk. */
  level: z.number(),
  message: z.string().optional(),
  id: z.string().optional(),
});
export type DictationView = z.infer<typeof DictationViewSchema>;

export const DictationStateSchema = z.enum(['recorded', 'transcribed', 'inserted', 'copied', 'printed', 'unconfirmed', 'failed', 'cancelled']);
export type DictationState = z.infer<typeof DictationStateSchema>;

/** One dictation as the journal knows it (newest step wins). */
export const DictationEntrySchema = z.object({
  id: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
  state: DictationStateSchema,
  text: z.string().optional(),
  raw: z.string().optional(),
  targetClass: z.string().optional(),
  reason: z.string().optional(),
  durationMs: z.number().optional(),
  pid: z.number().optional(),
});
export type DictationEntry = z.infer<typeof DictationEntrySchema>;

/** How dictation is triggered right now, in words for Settings. */
export const DictationStatusSchema = z.object({
  accelerator: z.string(),
  behaviour: z.enum(['auto', 'hold', 'toggle']),
  registered: z.boolean(),
  holdSupported: z.boolean(),
  /** e.g. "native key hook (hold or tap)", "global shortcut (tap to start and stop)". */
  trigger: z.string(),
  pasteLast: z.object({ accelerator: z.string(), registered: z.boolean() }),
  problem: z.string().optional(),
  /** Dictations the last run left unconfirmed (listed; "paste last" inserts the newest). */
  recovered: z.number(),
});
export type DictationStatus = z.infer<typeof DictationStatusSchema>;

export const DictationOutcomeSchema = z.object({
  outcome: z.enum(['inserted', 'copied', 'printed', 'unconfirmed', 'failed', 'none']),
  reason: z.string().optional(),
});
export type DictationOutcomeInfo = z.infer<typeof DictationOutcomeSchema>;
