import type { PlayedAudio } from './session-api';
import { OUTPUT_RATE } from './pcm';
import type { AssistantItemState } from './response-state';

/**
 * What to tell the server after an interruption (§3.4, §6.6 step 5): for each assistant audio item,
 * how much the user actually heard. Pure, so the rules can be tested on their own.
 */
export interface TruncatePlan {
  itemId: string;
  contentIndex: number;
  audioEndMs: number;
}

/** §3.4: audio_end_ms = floor(played_samples * 1000 / output_rate), never above what was received. */
export function playedMs(playedSamples: number, receivedBytes: number): number {
  const played = Math.max(0, Math.floor((playedSamples * 1000) / OUTPUT_RATE));
  const receivedMs = Math.floor(((receivedBytes / 2) * 1000) / OUTPUT_RATE);
  return Math.min(played, receivedMs);
}

/**
 * Items the user heard partly get their played time; items of a still-running response that never
 * reached the speaker get 0; items that finished playing (not reported by the sink, response done)
 * need nothing.
 */
export function planTruncation(items: AssistantItemState[], played: PlayedAudio[], responseDone: boolean): TruncatePlan[] {
  const byItem = new Map(played.map((p) => [p.itemId, p.playedSamples]));
  const plans: TruncatePlan[] = [];
  for (const item of items) {
    if (!item.hasAudio || item.receivedBytes === 0) continue;
    const samples = byItem.get(item.itemId);
    if (samples === undefined) {
      if (!responseDone) plans.push({ itemId: item.itemId, contentIndex: item.audioContentIndex, audioEndMs: 0 });
      continue;
    }
    const receivedSamples = item.receivedBytes / 2;
    // Fully played and no more coming: the model's context already matches what was heard.
    if (item.audioDone && samples >= receivedSamples) continue;
    plans.push({ itemId: item.itemId, contentIndex: item.audioContentIndex, audioEndMs: playedMs(samples, item.receivedBytes) });
  }
  return plans;
}

export function heardMap(items: AssistantItemState[], played: PlayedAudio[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of played) {
    const item = items.find((i) => i.itemId === p.itemId);
    if (item) out.set(p.itemId, playedMs(p.playedSamples, item.receivedBytes));
  }
  return out;
}
