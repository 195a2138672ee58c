// Protocol lint (§7.5): smells the real server probably accepts. Findings are recorded on the
// SessionRecord; in pedantic mode the session also sends them as `error` events (code protocol_lint).
// Timed rules ("… not followed by … within N s") use timers that the session clears on close.

import type { ClientEvent } from './client-events.js';
import { isPlainObject } from './shape.js';

export const LINT_RULES = {
  'first-event-not-session-update': 'The first client event should be session.update (§2.1)',
  'audio-before-ready': 'Audio appended before the first session.updated',
  'missing-event-id': 'Client event without event_id: errors cannot be correlated',
  'duplicate-event-id': 'event_id reused',
  'append-chunk-size': 'Append chunk shorter than 20 ms or longer than 200 ms (§3.2)',
  'append-rate': 'More than 50 appends per second (§8)',
  'response-create-after-vad': 'response.create after a VAD-committed turn while create_response is true',
  'item-without-response': 'User text item not followed by response.create (§6.4)',
  'tool-response-create': 'response.create before every function_call had an output, or more than once per batch (§6.5)',
  'missing-truncate': 'Audible assistant audio was interrupted but no conversation.item.truncate followed (§6.6)',
  'legacy-name': 'Legacy or unverified field name (modelId, provider_data, unknown providerData key)',
  'fixed-at-start-changed': 'A providerData field fixed at session start was changed later (§2.5)',
} as const;
export type LintRule = keyof typeof LINT_RULES;

/** Known providerData keys per branch (§2.5); anything else is linted, never rejected. */
const PROVIDER_DATA: Record<string, readonly string[] | null> = {
  stt: ['prompt', 'voice_profile', 'language_hints', 'end_of_turn_confidence_threshold', 'vad_threshold', 'min_end_of_turn_silence', 'max_turn_silence'],
  tts: ['segmenter_strategy', 'steering_handling', 'language', 'delivery_mode', 'conversational', 'user_turn_mode', 'timestamp_type', 'timestamp_transport_strategy'],
  memory: ['enabled', 'turn_interval', 'max_memory_length', 'max_transcript_items', 'max_facts', 'trim_after_summarize', 'state'],
  backchannel: [
    'enabled', 'small_model', 'eval_interval_ms', 'min_speech_ms', 'min_gap_ms', 'max_per_turn', 'hard_deadline_ms', 'history_tail_items',
    'temperature', 'max_tokens', 'volume_gain', 'require_pause', 'allowed_phrases', 'prompt_template', 'decider_kind', 'rule_fire_probability',
  ],
  responsiveness: [
    'enabled', 'small_model', 'initial_wait_timeout_ms', 'hard_deadline_ms', 'history_tail_items', 'temperature', 'max_tokens',
    'min_filler_gap_ms', 'max_initial_per_turn', 'max_buffer_deltas', 'enable_filler_on_first_assistant_reply', 'prompt_template', 'pause_text',
  ],
  caching: ['enabled', 'ttl', 'cache_instructions', 'cache_tools'],
  text_generation_config: null, // camelCase keys of an unconfirmed shape: accept anything inside
  auto_tool_response: null,
  user_id: null,
  metadata: null,
};

export class Linter {
  private seenIds = new Set<string>();
  private first = true;
  private appendTimes: number[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private fixedAtStart: string | null = null;

  constructor(
    private readonly report: (rule: LintRule, eventId: string | null, detail?: string) => void,
    private readonly timeoutMs: number,
  ) {}

  /** Called for every structurally valid client event, before it is handled. */
  onEvent(ev: ClientEvent, state: { ready: boolean; appendMs: number | null }): void {
    const id = ev.event_id ?? null;
    if (this.first) {
      this.first = false;
      if (ev.type !== 'session.update') this.report('first-event-not-session-update', id, ev.type);
    }
    if (ev.type !== 'input_audio_buffer.append') {
      if (id === null) this.report('missing-event-id', null, ev.type);
    }
    if (id !== null) {
      if (this.seenIds.has(id)) this.report('duplicate-event-id', id);
      this.seenIds.add(id);
    }
    // (§7.5's "second session.update before the first was answered" cannot happen here: the
    // simulator answers every update synchronously, before reading the next frame.)
    if (ev.type === 'session.update') this.checkSessionNames(ev.session, id);
    if (ev.type === 'input_audio_buffer.append') {
      if (!state.ready) this.report('audio-before-ready', id);
      if (state.appendMs !== null && (state.appendMs < 20 || state.appendMs > 200)) {
        this.report('append-chunk-size', id, `${state.appendMs.toFixed(1)} ms`);
      }
      const now = performance.now();
      this.appendTimes.push(now);
      while ((this.appendTimes[0] ?? now) < now - 1000) this.appendTimes.shift();
      if (this.appendTimes.length === 51) this.report('append-rate', id);
    }
  }

  private checkSessionNames(session: unknown, id: string | null): void {
    if (!isPlainObject(session)) return;
    if ('modelId' in session) this.report('legacy-name', id, 'modelId');
    if ('provider_data' in session) this.report('legacy-name', id, 'provider_data');
    const pd = session.providerData;
    if (!isPlainObject(pd)) return;
    for (const [branch, value] of Object.entries(pd)) {
      if (!(branch in PROVIDER_DATA)) {
        this.report('legacy-name', id, `providerData.${branch}`);
        continue;
      }
      const keys = PROVIDER_DATA[branch];
      if (keys && isPlainObject(value)) {
        for (const k of Object.keys(value)) if (!keys.includes(k)) this.report('legacy-name', id, `providerData.${branch}.${k}`);
      }
    }
    const tts = isPlainObject(pd.tts) ? pd.tts : {};
    const fixed = JSON.stringify([tts.conversational, tts.user_turn_mode]);
    if (this.fixedAtStart === null) this.fixedAtStart = fixed;
    else if ((tts.conversational !== undefined || tts.user_turn_mode !== undefined) && fixed !== this.fixedAtStart) {
      this.report('fixed-at-start-changed', id);
    }
  }

  /** Arms a timed rule; `disarm` returns a function that cancels it. */
  expect(rule: LintRule, eventId: string | null, ms = this.timeoutMs): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.report(rule, eventId);
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
