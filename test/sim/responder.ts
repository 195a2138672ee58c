// One response (§4.3, §6.3–6.6): streams the scripted outputs as Realtime events, with real speech
// audio, optional real-time pacing (§3.5), cancellation that takes effect immediately (§7.3) and the
// response-level fault switches. Generation is async; every await is followed by a state check so a
// cancel or a closed socket stops it at once.

import { setImmediate as yieldToIo } from 'node:timers/promises';
import { bytesPerMs, bytesPerSample } from './audio.js';
import type { Item, ItemState } from './conversation.js';
import { planResponse, wordDeltas } from './script.js';
import type { AudioFormat, Json } from './session-config.js';
import type { SimSession } from './session.js';
import { hasFault } from './switches.js';
import { synthesize } from './tts.js';
import { wireItem } from './wire-items.js';

export interface ResponseOverrides {
  output_modalities?: string[];
  instructions?: string;
  audio?: { output?: { voice?: string; format?: unknown } };
  tools?: { name: string }[];
  tool_choice?: Json;
  max_output_tokens?: number | 'inf';
  metadata?: Record<string, Json> | null;
  conversation?: 'auto' | 'none';
}

type Status = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

interface Streaming {
  item: Item;
  state: ItemState | null;
  outputIndex: number;
  audio: boolean;
  spoken: string;
  remainingChunks: Buffer[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ResponseRun {
  readonly id: string;
  private status: Status = 'in_progress';
  private readonly output: Item[] = [];
  private current: Streaming | null = null;
  private readonly modalities: string[];
  private readonly format: AudioFormat;
  private readonly outOfBand: boolean;
  private sentAudio = false;
  /** Assistant item whose audio was being delivered when the response was cancelled (for the truncate lint). */
  audibleItemId: string | null = null;

  constructor(
    private readonly s: SimSession,
    private readonly overrides: ResponseOverrides,
    readonly cause: 'client' | 'vad' | 'auto-tool',
  ) {
    this.id = s.ids.next('resp');
    this.modalities = overrides.output_modalities ?? s.view.modalities;
    this.format = s.view.outputFormat;
    this.outOfBand = overrides.conversation === 'none';
  }

  private get live(): boolean {
    return this.status === 'in_progress' && !this.s.isClosed;
  }

  callIds(): string[] {
    return this.output.filter((i) => i.type === 'function_call').map((i) => i.call_id as string);
  }

  start(): void {
    this.run().catch((err: unknown) => {
      console.error('[sim] response generation failed', err);
      if (this.live) this.finish('failed');
    });
  }

  private snapshot(): Record<string, unknown> {
    return {
      id: this.id,
      object: 'realtime.response',
      status: this.status,
      status_details: null,
      output: this.output.map((i) => wireItem(i, this.s.sw)),
      conversation_id: this.outOfBand ? null : this.s.conversationId,
      output_modalities: this.modalities,
      max_output_tokens: this.overrides.max_output_tokens ?? this.s.config.max_output_tokens,
      audio: { output: { format: this.format, voice: this.overrides.audio?.output?.voice ?? this.s.view.voice } },
      usage: null,
      metadata: this.overrides.metadata ?? null,
    };
  }

  private async run(): Promise<void> {
    const s = this.s;
    s.send({ type: 'response.created', response: this.snapshot() });
    s.input.flushPending();
    if (s.sw.rateLimits) {
      s.send({ type: 'rate_limits.updated', rate_limits: [{ name: 'requests', limit: 1000, remaining: 999, reset_seconds: 1 }] });
    }
    if (s.sw.unknownEvents) s.send({ type: 'x.unknown.event', response_id: this.id });
    if (hasFault(s.sw, 'stall')) return; // stays active until cancelled or the socket closes
    if (hasFault(s.sw, 'server-error')) {
      const error = { type: 'server_error', code: null, message: 'Failed to read content stream.', param: null, event_id: null };
      s.record.errors.push({ t: performance.now(), wall: Date.now(), ...error });
      s.send({ type: 'error', error });
      return this.finish('failed');
    }
    if (hasFault(s.sw, 'fail-response')) return this.finish('failed');
    const plan = planResponse({
      conversation: s.conversation,
      switches: s.sw,
      tools: this.overrides.tools ?? s.view.tools,
      toolChoice: this.overrides.tool_choice ?? s.view.toolChoice,
      transcripts: s.transcripts,
    });
    for (const [index, out] of plan.entries()) {
      if (out.kind === 'message') await this.streamMessage(out.text, index);
      else await this.streamCall(out.name, out.arguments, index);
      if (!this.live) return;
    }
    this.finish('completed');
  }

  private addItem(item: Item, outputIndex: number): ItemState | null {
    const s = this.s;
    s.send({ type: 'response.output_item.added', response_id: this.id, output_index: outputIndex, item: wireItem(item, s.sw) });
    if (this.outOfBand) return null;
    const prev = s.conversation.add(item);
    s.send({ type: 'conversation.item.added', previous_item_id: prev, item: wireItem(item, s.sw) });
    return s.conversation.get(item.id) ?? null;
  }

  /** `.done` events for a finished item in the order chosen by sim_done_order (§6.9). */
  private itemDone(item: Item, outputIndex: number): void {
    const s = this.s;
    const conv = () =>
      !this.outOfBand && s.send({ type: 'conversation.item.done', previous_item_id: s.conversation.previousOf(item.id), item: wireItem(item, s.sw) });
    const resp = () => s.send({ type: 'response.output_item.done', response_id: this.id, output_index: outputIndex, item: wireItem(item, s.sw) });
    if (this.prototypeOrder()) {
      conv();
      resp();
    } else {
      resp();
      conv();
    }
  }

  private orderCoin: boolean | null = null;
  private prototypeOrder(): boolean {
    const o = this.s.sw.doneOrder;
    if (o !== 'random') return o === 'prototype';
    this.orderCoin ??= Math.random() < 0.5;
    return this.orderCoin;
  }

  private chunk(audio: Buffer): Buffer[] {
    const sw = this.s.sw;
    const chunks: Buffer[] = [];
    const align = bytesPerSample(this.format);
    const fixed = Math.max(align, Math.round((bytesPerMs(this.format) * (sw.audioChunk === 'random' ? 100 : sw.audioChunk)) / align) * align);
    for (let off = 0; off < audio.length; ) {
      // Random mode deliberately produces odd byte counts (§3.3: clients must carry the odd byte).
      const size = sw.audioChunk === 'random' ? 1 + Math.floor(Math.random() * bytesPerMs(this.format) * 200) : fixed;
      chunks.push(audio.subarray(off, off + size));
      off += size;
    }
    return chunks;
  }

  private async streamMessage(text: string, outputIndex: number): Promise<void> {
    const s = this.s;
    const audio = this.modalities.includes('audio');
    const item: Item = { id: s.ids.next('item'), object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const state = this.addItem(item, outputIndex);
    const ids = { response_id: this.id, item_id: item.id, output_index: outputIndex, content_index: 0 };
    s.send({ type: 'response.content_part.added', ...ids, part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } });
    const cur: Streaming = { item, state, outputIndex, audio, spoken: '', remainingChunks: [] };
    this.current = cur;
    item.content = [audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' }];
    const words = wordDeltas(text);
    const dupText = audio && s.sw.duplicateText && this.modalities.includes('text');
    if (audio) {
      const speech = await synthesize(text, this.format);
      if (!this.live) return;
      cur.remainingChunks = this.chunk(speech.audio);
      const totalChunks = cur.remainingChunks.length;
      if (state) {
        state.audioFormat = this.format;
        state.totalAudioMs = speech.audio.length / bytesPerMs(this.format);
      }
      let sentWords = 0;
      let deliveredMs = 0;
      let firstAt = 0;
      for (let k = 0; k < totalChunks; k++) {
        // Transcript deltas are spread evenly over the audio, roughly in step with the speech.
        const wordsDue = Math.ceil(((k + 1) * words.length) / totalChunks);
        for (; sentWords < wordsDue; sentWords++) this.sendWord(cur, ids, words[sentWords] as string, dupText);
        const chunk = cur.remainingChunks.shift() as Buffer;
        const endMs = deliveredMs + chunk.length / bytesPerMs(this.format);
        if (s.sw.pacing === 'realtime' && k > 0) {
          const wait = firstAt + endMs - s.sw.leadMs - performance.now();
          if (wait > 0) await sleep(wait);
          if (!this.live) return;
        }
        if (k === 0) {
          firstAt = performance.now();
          if (state) state.firstDeltaAt = firstAt;
          if (s.sw.outputBufferEvents && !this.sentAudio) s.send({ type: 'output_audio_buffer.started', response_id: this.id });
        }
        this.sendAudio(cur, ids, chunk);
        deliveredMs = endMs;
        if (k === 0 && this.midResponseFault()) return;
        await yieldToIo();
        if (!this.live) return;
      }
      for (; sentWords < words.length; sentWords++) this.sendWord(cur, ids, words[sentWords] as string, dupText);
      const tDone = () => s.send({ type: 'response.output_audio_transcript.done', ...ids, transcript: text });
      const aDone = () => s.send({ type: 'response.output_audio.done', ...ids });
      if (this.prototypeOrder()) {
        tDone();
        aDone();
      } else {
        aDone();
        tDone();
      }
      if (dupText) s.send({ type: 'response.output_text.done', ...ids, text });
      item.content = [{ type: 'audio', transcript: text }];
    } else {
      for (const [k, w] of words.entries()) {
        this.sendWord(cur, ids, w, false);
        if (k === 0 && this.midResponseFault()) return;
        await yieldToIo();
        if (!this.live) return;
      }
      s.send({ type: 'response.output_text.done', ...ids, text });
      item.content = [{ type: 'text', text }];
    }
    s.send({ type: 'response.content_part.done', ...ids, part: audio ? { type: 'audio', transcript: text } : { type: 'text', text } });
    item.status = 'completed';
    this.current = null;
    this.output.push(item);
    this.itemDone(item, outputIndex);
  }

  private sendWord(cur: Streaming, ids: Record<string, unknown>, word: string, dupText: boolean): void {
    cur.spoken += word;
    const part = (cur.item.content as Record<string, Json>[])[0] as Record<string, Json>;
    if (cur.audio) {
      part.transcript = cur.spoken;
      this.s.send({ type: 'response.output_audio_transcript.delta', ...ids, delta: word });
      if (dupText) this.s.send({ type: 'response.output_text.delta', ...ids, delta: word });
    } else {
      part.text = cur.spoken;
      this.s.send({ type: 'response.output_text.delta', ...ids, delta: word });
    }
  }

  private sendAudio(cur: Streaming, ids: Record<string, unknown>, chunk: Buffer): void {
    this.sentAudio = true;
    this.s.lastAudioResponseId = this.id;
    if (cur.state) {
      cur.state.audioBytes += chunk.length;
      cur.state.audio.push(chunk);
    }
    this.s.record.addOutput(cur.item.id, chunk);
    this.s.send({ type: 'response.output_audio.delta', ...ids, delta: chunk.toString('base64') });
  }

  /** drop-mid-response / close-1011-mid-response, right after the first delta. Returns true if it fired. */
  private midResponseFault(): boolean {
    if (hasFault(this.s.sw, 'drop-mid-response')) {
      this.s.dropConnection();
      return true;
    }
    if (hasFault(this.s.sw, 'close-1011-mid-response')) {
      this.s.closeWith(1011, 'simulated server failure');
      return true;
    }
    if (hasFault(this.s.sw, 'huge-frame-mid-response')) {
      // Above the client's 32 MiB frame limit: its ws refuses the frame and closes with 1009.
      this.s.send({ type: 'x.huge.event', padding: 'x'.repeat(33 * 1024 * 1024) });
      return true;
    }
    return false;
  }

  private async streamCall(name: string, args: string, outputIndex: number): Promise<void> {
    const s = this.s;
    const callId = s.ids.next('call');
    const item: Item = { id: s.ids.next('item'), object: 'realtime.item', type: 'function_call', status: 'in_progress', call_id: callId, name, arguments: '' };
    this.addItem(item, outputIndex);
    const base = { response_id: this.id, item_id: item.id, output_index: outputIndex, call_id: callId };
    const half = Math.ceil(args.length / 2);
    for (const delta of [args.slice(0, half), args.slice(half)].filter((d) => d.length > 0)) {
      s.send({ type: 'response.function_call_arguments.delta', ...base, delta });
      await yieldToIo();
      if (!this.live) return;
    }
    s.send({ type: 'response.function_call_arguments.done', ...base, ...(s.sw.omitName ? {} : { name }), arguments: args });
    item.arguments = args;
    item.status = 'completed';
    this.output.push(item);
    this.itemDone(item, outputIndex);
  }

  /** Cancels now (§6.6): the rest of the generation is dropped; response.done goes out immediately. */
  cancel(reason: 'client_cancelled' | 'turn_detected'): void {
    if (!this.live) return;
    const s = this.s;
    const cur = this.current;
    this.status = 'cancelled';
    if (cur) {
      cur.item.status = 'incomplete';
      this.output.push(cur.item);
      if (cur.audio && cur.state && cur.state.audioBytes > 0) this.audibleItemId = cur.item.id;
      if (s.sw.cancelStyle === 'full') {
        const ids = { response_id: this.id, item_id: cur.item.id, output_index: cur.outputIndex, content_index: 0 };
        const part = (cur.item.content as Record<string, Json>[])[0];
        if (cur.audio) {
          s.send({ type: 'response.output_audio.done', ...ids });
          s.send({ type: 'response.output_audio_transcript.done', ...ids, transcript: cur.spoken });
        } else s.send({ type: 'response.output_text.done', ...ids, text: cur.spoken });
        s.send({ type: 'response.content_part.done', ...ids, part });
        s.send({ type: 'response.output_item.done', response_id: this.id, output_index: cur.outputIndex, item: wireItem(cur.item, s.sw) });
      }
    }
    this.sendDone({ type: 'cancelled', reason });
    s.onResponseEnded(this, 'cancelled');
    // sim_late_deltas: audio that was "already in flight" arrives after the cancellation (§6.6).
    const late = cur?.audio ? cur.remainingChunks.splice(0, s.sw.lateDeltas) : [];
    if (cur && late.length > 0) {
      const ids = { response_id: this.id, item_id: cur.item.id, output_index: cur.outputIndex, content_index: 0 };
      void (async () => {
        for (const chunk of late) {
          await yieldToIo();
          s.send({ type: 'response.output_audio.delta', ...ids, delta: chunk.toString('base64') });
          s.record.addOutput(cur.item.id, chunk);
        }
      })();
    }
  }

  /** The socket closed: stop silently. */
  abort(): void {
    this.status = 'incomplete';
  }

  private finish(status: 'completed' | 'failed'): void {
    this.status = status;
    this.sendDone(status === 'failed' ? { type: 'failed', error: { type: 'server_error', code: null } } : { type: 'completed' });
    if (status === 'completed' && this.sentAudio && this.s.sw.outputBufferEvents) {
      this.s.send({ type: 'output_audio_buffer.stopped', response_id: this.id });
    }
    this.s.onResponseEnded(this, status);
  }

  private sendDone(details: Record<string, unknown>): void {
    const s = this.s;
    const response: Record<string, unknown> = { ...this.snapshot(), status_details: details };
    const usage = this.usage();
    if (s.sw.usage === 'response') response.usage = usage;
    s.send({ type: 'response.done', response, ...(s.sw.usage === 'top' ? { usage } : {}) });
  }

  private usage(): Record<string, unknown> {
    const outText = this.output.map((i) => JSON.stringify(i.content ?? i.arguments ?? '')).join(' ');
    const output = Math.max(1, Math.ceil(outText.length / 4));
    const input = Math.max(1, this.s.conversation.ids().length * 12);
    return {
      total_tokens: input + output,
      input_tokens: input,
      output_tokens: output,
      input_token_details: { text_tokens: input, audio_tokens: 0, cached_tokens: 0 },
      output_token_details: { text_tokens: output, audio_tokens: 0 },
    };
  }
}
