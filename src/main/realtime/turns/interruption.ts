import type { Logger } from '../../../shared/logger';
import type { PlaybackPort, PlayedAudio } from '../session-api';
import { BYTES_PER_SAMPLE, bytesToMs, SAMPLE_RATE, samplesToMs } from '../../../shared/audio-format';
import type { AssistantItemState } from '../conversation/response-state';
import type { ConversationModel } from '../conversation/conversation-model';
import type { SessionConnection } from './request-ledger';
import type { TurnTracker } from './turn-tracker';

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
  const played = Math.max(0, Math.floor((playedSamples * 1000) / SAMPLE_RATE));
  const receivedMs = Math.floor(((receivedBytes / BYTES_PER_SAMPLE) * 1000) / SAMPLE_RATE);
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

/** Items whose progress is followed: an answer has one or two; more is a stale leftover. */
const MAX_AUDIBLE_ITEMS = 8;
/**
 * The sink reports every 50 ms while it plays. A report is trusted for this long, or for as long as
 * the rest of its item would take to play from it, whichever is longer: a page busy under load
 * reports late (an answer's last words then played after the hold had ended, and their echo
 * reached the server; seen on the loop under load), while a sink that died still lets the
 * microphone go once the audio it had could have played out.
 */
const PROGRESS_STALE_MS = 500;

export interface InterrupterHost {
  model: ConversationModel;
  conn: SessionConnection;
  turns: TurnTracker;
  playback: PlaybackPort | undefined;
  log: Logger;
  /** Increments whenever the socket changes; truncation is skipped across sockets. */
  generation(): number;
  flush(responseId: string | undefined): void;
  truncateWaitMs: number;
}

/**
 * The barge-in algorithm of §6.6: stop the sink first (what was heard is only known there), drop
 * later deltas, cancel if still running, clear the output buffer (project decision, §5.1.5), and
 * truncate each audible item once `response.done` arrived (or after `truncateWaitMs`).
 */
export class Interrupter {
  /** When the audio received so far would finish playing if it played on arrival: a lower bound. */
  private audibleUntil = 0;
  /** Samples received per item of the answer being played (a few items; cleared on stop). */
  private readonly received = new Map<string, number>();

  constructor(private readonly host: InterrupterHost) {}

  noteAudio(itemId: string, bytes: number): void {
    this.audibleUntil = Math.max(this.audibleUntil, Date.now()) + bytesToMs(bytes);
    this.received.set(itemId, (this.received.get(itemId) ?? 0) + bytes / BYTES_PER_SAMPLE);
    if (this.received.size > MAX_AUDIBLE_ITEMS) this.received.delete(this.received.keys().next().value!);
  }

  forgetAudio(): void {
    this.audibleUntil = 0;
    this.received.clear();
  }

  /**
   * Is the assistant being heard (or about to be)? The hands-free gate holds the microphone while
   * it is, so this must not end before the speaker does. Arrival time alone ends too early: the
   * player starts a jitter buffer late and every underrun pushes the rest later (measured: an
   * answer's last words still playing after the estimate, their echo then reaching the server's
   * VAD). So the sink's own progress counts too: an item it reported and has not finished is
   * still playing until the rest of it could have played from that report (PROGRESS_STALE_MS).
   */
  audible(): boolean {
    if (this.host.model.activeResponse || Date.now() < this.audibleUntil + 250) return true;
    const sink = this.host.playback;
    if (!sink?.progress) return false;
    const now = Date.now();
    for (const [itemId, samples] of this.received) {
      const p = sink.progress(itemId);
      if (p && p.samples < samples && now - p.at < Math.max(PROGRESS_STALE_MS, samplesToMs(samples - p.samples))) return true;
    }
    return false;
  }

  async interrupt(): Promise<void> {
    const { model, conn, turns } = this.host;
    const target = model.activeResponse ?? model.lastResponse;
    const played = await this.stopPlayback();
    this.forgetAudio();
    this.host.flush(target?.id);
    if (!target || target.interrupted) return;
    const items = model.assistantItems(target.id);
    model.markInterrupted(target.id, heardMap(items, played));
    turns.userInterrupted(target.id);
    const gen = this.host.generation();
    if (!target.done) conn.send({ type: 'response.cancel', response_id: target.id });
    if (!target.done || played.length > 0) conn.request({ type: 'output_audio_buffer.clear' }, { kind: 'output-clear' });
    if (!this.host.playback) return; // headless: nothing was heard, nothing to truncate
    const truncate = () => {
      if (gen !== this.host.generation()) return; // item ids of a dead socket mean nothing to the new one
      for (const p of planTruncation(items, played, target.done)) {
        conn.send({ type: 'conversation.item.truncate', item_id: p.itemId, content_index: p.contentIndex, audio_end_ms: p.audioEndMs });
      }
    };
    if (target.done) truncate();
    else turns.afterResponseDone(target.id, truncate, this.host.truncateWaitMs);
  }

  /** A failing sink must not break the interruption (nothing heard is then assumed). */
  private async stopPlayback(): Promise<PlayedAudio[]> {
    if (!this.host.playback) return [];
    try {
      return await this.host.playback.stop();
    } catch (err) {
      this.host.log.warn('playback.stop failed', err);
      return [];
    }
  }
}
