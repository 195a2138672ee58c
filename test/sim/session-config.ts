// The session object: its shape (what session.update may contain), the server defaults, value
// validation (rule 9 of §7.4) and the merge rules of §2.2. Validation runs to completion before
// anything is merged, so a rejected update leaves the session untouched (atomic, as Inworld documents).

import { SimError, arr, bool, check, int, isPlainObject, nullable, num, obj, str, type Field, type Shape } from './shape.js';

export const STT_MODELS = [
  'inworld/inworld-stt-1',
  'assemblyai/u3-rt-pro',
  'assemblyai/universal-streaming-multilingual',
  'assemblyai/universal-streaming-english',
  'soniox/stt-rt-v4',
] as const;
export const PCM_RATES = [8000, 16000, 24000, 32000, 44100, 48000] as const;

export interface AudioFormat {
  type: 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';
  rate: number;
}

const formatShape: Shape = {
  kind: 'oneOf',
  of: [
    str({ enum: ['g711_ulaw', 'g711_alaw', 'pcm16'] }),
    obj({ type: { ...str({ enum: ['audio/pcm', 'audio/pcmu', 'audio/pcma'] }), required: true }, rate: int() }),
  ],
};

const toolShape: Shape = obj({
  type: { ...str({ enum: ['function'] }), required: true },
  name: { ...str({ nonEmpty: true }), required: true },
  description: str(),
  parameters: obj({}, true),
});

export const toolChoiceShape: Shape = {
  kind: 'oneOf',
  of: [str({ enum: ['auto', 'none', 'required'] }), obj({ type: { ...str({ enum: ['function'] }), required: true }, name: { ...str(), required: true } })],
};

export const maxTokensShape: Shape = { kind: 'oneOf', of: [int(1), str({ enum: ['inf'] })] };
export const modalitiesShape: Shape = arr(str({ enum: ['audio', 'text'] }));

const turnDetectionShape: Field = nullable(
  obj({
    type: { ...str({ enum: ['semantic_vad', 'server_vad'] }), required: true },
    eagerness: str({ enum: ['low', 'medium', 'high', 'auto'] }),
    create_response: bool(),
    interrupt_response: bool(),
    threshold: num(0, 1),
    prefix_padding_ms: int(0),
    silence_duration_ms: int(0),
    idle_timeout_ms: nullable(int(0)),
  }),
);

/** Shape of `session` in session.update. `providerData` is open: its branches are linted, not rejected (§7.5). */
export const sessionShape: Shape = obj({
  type: str({ enum: ['realtime'] }),
  model: str({ nonEmpty: true }),
  instructions: str(),
  output_modalities: modalitiesShape,
  temperature: num(0, 2),
  max_output_tokens: maxTokensShape,
  tools: arr(toolShape),
  tool_choice: toolChoiceShape,
  truncation: { kind: 'oneOf', of: [str({ enum: ['auto', 'disabled'] }), obj({}, true)] },
  include: nullable(arr(str())),
  audio: obj({
    input: obj({
      format: formatShape,
      transcription: nullable(obj({ model: { ...str(), required: true }, language: str(), prompt: str() })),
      noise_reduction: nullable(obj({ type: { ...str({ enum: ['near_field', 'far_field'] }), required: true } })),
      turn_detection: turnDetectionShape,
    }),
    output: obj({ format: formatShape, voice: str({ nonEmpty: true }), model: str({ nonEmpty: true }), speed: num(0.5, 1.5) }),
  }),
  providerData: obj({}, true),
});

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type SessionConfig = Record<string, Json>;

export function defaultSession(id: string): SessionConfig {
  return {
    type: 'realtime',
    id,
    object: 'realtime.session',
    model: 'google-ai-studio/gemini-2.5-flash',
    instructions: '',
    output_modalities: ['audio', 'text'],
    temperature: 0.8,
    max_output_tokens: 'inf',
    tools: [],
    tool_choice: 'auto',
    truncation: 'auto',
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: { model: 'inworld/inworld-stt-1' },
        noise_reduction: null,
        turn_detection: { type: 'semantic_vad', eagerness: 'medium', create_response: true, interrupt_response: true },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'Dennis', model: 'inworld-tts-1.5-mini', speed: 1 },
    },
    providerData: {},
    expires_at: Math.floor(Date.now() / 1000) + 900,
  };
}

function normalizeFormat(raw: Json, path: string): Json {
  if (typeof raw === 'string') {
    if (raw === 'pcm16') return { type: 'audio/pcm', rate: 24000 };
    return { type: raw === 'g711_ulaw' ? 'audio/pcmu' : 'audio/pcma', rate: 8000 };
  }
  const f = raw as { type: string; rate?: number };
  if (f.type === 'audio/pcm') {
    const rate = f.rate ?? 24000;
    if (!(PCM_RATES as readonly number[]).includes(rate)) {
      throw new SimError('invalid_value', `Unsupported PCM rate ${rate}`, `${path}.rate`);
    }
    return { type: 'audio/pcm', rate };
  }
  if (f.rate !== undefined && f.rate !== 8000) throw new SimError('invalid_value', `${f.type} is 8000 Hz only`, `${path}.rate`);
  return { type: f.type, rate: 8000 };
}

function deepMerge(base: Json, patch: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, Json> = { ...(base as Record<string, Json>) };
  for (const [k, v] of Object.entries(patch as Record<string, Json>)) {
    // Arrays and null replace (§2.2); objects merge.
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}

/**
 * Validates a session.update payload and returns the new effective session, or throws a SimError.
 * Never mutates `current`.
 */
export function applySessionUpdate(current: SessionConfig, patch: unknown, strict: boolean): SessionConfig {
  if (isPlainObject(patch) && 'modelId' in patch) {
    throw new SimError('unknown_parameter', "'modelId' is the old name of 'model'", 'session.modelId');
  }
  check(patch, { ...sessionShape, required: true }, 'session', strict);
  const p = structuredClone(patch) as Record<string, Json>;
  const audio = p.audio as Record<string, Record<string, Json>> | undefined;
  const model = (audio?.input?.transcription as { model?: string } | null | undefined)?.model;
  if (model !== undefined && !(STT_MODELS as readonly string[]).includes(model)) {
    throw new SimError('invalid_value', `Unsupported transcription model ${JSON.stringify(model)}`, 'session.audio.input.transcription.model');
  }
  for (const dir of ['input', 'output'] as const) {
    const fmt = audio?.[dir]?.format;
    if (fmt !== undefined && audio?.[dir]) audio[dir].format = normalizeFormat(fmt, `session.audio.${dir}.format`);
  }
  const td = audio?.input?.turn_detection as Record<string, Json> | null | undefined;
  if (td && td.type === 'semantic_vad') {
    for (const k of ['threshold', 'prefix_padding_ms', 'silence_duration_ms', 'idle_timeout_ms']) {
      if (k in td) throw new SimError('unknown_parameter', `${k} applies to server_vad only`, `session.audio.input.turn_detection.${k}`);
    }
  }
  if (td && td.type === 'server_vad' && 'eagerness' in td) {
    throw new SimError('unknown_parameter', 'eagerness applies to semantic_vad only', 'session.audio.input.turn_detection.eagerness');
  }
  const modalities = p.output_modalities as string[] | undefined;
  if (modalities !== undefined && (modalities.length === 0 || new Set(modalities).size !== modalities.length)) {
    throw new SimError('invalid_value', 'output_modalities must be non-empty without duplicates', 'session.output_modalities');
  }
  const tools = p.tools as { name: string }[] | undefined;
  if (tools && new Set(tools.map((t) => t.name)).size !== tools.length) {
    throw new SimError('invalid_value', 'Duplicate tool name', 'session.tools');
  }
  // turn_detection replaces as a whole (switching VAD type must not keep the old type's fields).
  const next = deepMerge(current, p) as SessionConfig;
  if (td !== undefined) ((next.audio as Record<string, Record<string, Json>>).input as Record<string, Json>).turn_detection = td;
  next.expires_at = Math.floor(Date.now() / 1000) + 900;
  return next;
}

/** Typed accessors so the rest of the simulator does not dig through Json by hand. */
export interface TurnDetection {
  type: 'semantic_vad' | 'server_vad';
  eagerness?: string;
  create_response?: boolean;
  interrupt_response?: boolean;
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
}

export function sessionView(s: SessionConfig): {
  inputFormat: AudioFormat;
  outputFormat: AudioFormat;
  turnDetection: TurnDetection | null;
  transcription: boolean;
  modalities: string[];
  tools: { name: string; parameters?: { properties?: Record<string, unknown> } }[];
  toolChoice: Json;
  autoToolResponse: boolean;
  voice: string;
} {
  const audio = s.audio as { input: Record<string, Json>; output: Record<string, Json> };
  const pd = (s.providerData ?? {}) as Record<string, Json>;
  return {
    inputFormat: audio.input.format as unknown as AudioFormat,
    outputFormat: audio.output.format as unknown as AudioFormat,
    turnDetection: audio.input.turn_detection as unknown as TurnDetection | null,
    transcription: audio.input.transcription !== null,
    modalities: s.output_modalities as string[],
    tools: s.tools as unknown as { name: string }[],
    toolChoice: s.tool_choice ?? 'auto',
    autoToolResponse: pd.auto_tool_response === true,
    voice: audio.output.voice as string,
  };
}
