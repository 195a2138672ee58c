import { SAMPLE_RATE } from '../../../shared/audio-format';
import type { SessionConfig, TurnDetection } from '../../../shared/protocol/client-events';
import type { ToolDefinition } from '../../tools/tool-executor';
import type { RealtimeSessionOptions } from '../session-api';

/**
 * Builds `session.update` payloads from the app's options (§2.3–§2.7). The full form is sent on
 * every (re)connect, because each connection starts on server defaults (§2.1, §6.8); mid-session
 * changes send only the fields that changed (§2.2 merges them).
 */

export type ConfigOptions = Pick<
  RealtimeSessionOptions,
  'model' | 'instructions' | 'voice' | 'ttsModel' | 'transcriptionModel' | 'language' | 'mode' | 'outputModalities' | 'vad' | 'vadEagerness' | 'bargeInMs'
>;

const PCM24K = { type: 'audio/pcm', rate: SAMPLE_RATE } as const;

/** server_vad has no eagerness (§2.4): the same setting picks how much silence ends a turn. */
const SILENCE_FOR_EAGERNESS = { low: 800, medium: 500, auto: 500, high: 300 } as const;

/** The default of RealtimeSessionOptions.bargeInMs. */
export const DEFAULT_BARGE_IN_MS = 250;

export function turnDetectionFor(opts: Pick<ConfigOptions, 'mode' | 'vad' | 'vadEagerness' | 'bargeInMs'>): TurnDetection | null {
  if (opts.mode === 'push-to-talk') return null;
  const eagerness = opts.vadEagerness ?? 'medium';
  // With the local barge-in gate the client decides when an answer is interrupted (§6.6).
  const interrupt_response = (opts.bargeInMs ?? DEFAULT_BARGE_IN_MS) <= 0;
  if (opts.vad === 'server_vad') {
    return {
      type: 'server_vad',
      threshold: 0.5,
      prefix_padding_ms: 300,
      silence_duration_ms: SILENCE_FOR_EAGERNESS[eagerness],
      create_response: true,
      interrupt_response,
    };
  }
  return { type: 'semantic_vad', eagerness, create_response: true, interrupt_response };
}

function transcriptionFor(opts: ConfigOptions) {
  return opts.language ? { model: opts.transcriptionModel, language: opts.language } : { model: opts.transcriptionModel };
}

export function fullSessionConfig(opts: ConfigOptions, tools: ToolDefinition[]): SessionConfig {
  return {
    type: 'realtime',
    model: opts.model,
    instructions: opts.instructions,
    output_modalities: opts.outputModalities ?? ['audio', 'text'],
    audio: {
      input: {
        format: { ...PCM24K },
        transcription: transcriptionFor(opts),
        turn_detection: turnDetectionFor(opts),
      },
      output: { format: { ...PCM24K }, model: opts.ttsModel, voice: opts.voice },
    },
    tools: tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters })),
    tool_choice: 'auto',
    // §2.5/§6.5: the client drives every tool follow-up itself.
    providerData: { auto_tool_response: false },
  };
}

/** Only the fields touched by `patch`, shaped as a partial session; null when nothing is sent. */
export function partialSessionConfig(patch: Partial<ConfigOptions>, merged: ConfigOptions): SessionConfig | null {
  const s: SessionConfig = {};
  if (patch.model !== undefined) s.model = patch.model;
  if (patch.instructions !== undefined) s.instructions = patch.instructions;
  if (patch.outputModalities !== undefined) s.output_modalities = patch.outputModalities;
  const input: NonNullable<NonNullable<SessionConfig['audio']>['input']> = {};
  if (patch.transcriptionModel !== undefined || patch.language !== undefined) input.transcription = transcriptionFor(merged);
  if (patch.mode !== undefined || patch.vad !== undefined || patch.vadEagerness !== undefined || patch.bargeInMs !== undefined) input.turn_detection = turnDetectionFor(merged);
  const output: NonNullable<NonNullable<SessionConfig['audio']>['output']> = {};
  if (patch.voice !== undefined) output.voice = patch.voice;
  if (patch.ttsModel !== undefined) output.model = patch.ttsModel;
  if (Object.keys(input).length || Object.keys(output).length) {
    s.audio = {};
    if (Object.keys(input).length) s.audio.input = input;
    if (Object.keys(output).length) s.audio.output = output;
  }
  return Object.keys(s).length ? s : null;
}

/** Deep-merges partial sessions so queued updates can be coalesced into one in-flight update. */
export function mergeSessionConfig(a: SessionConfig, b: SessionConfig): SessionConfig {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
      out[k] = mergeSessionConfig(prev as SessionConfig, v as SessionConfig);
    } else {
      out[k] = v;
    }
  }
  return out as SessionConfig;
}
