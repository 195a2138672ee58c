// Per-connection behaviour switches of the simulator (§7.6 of the protocol reference).
// Every switch has a default, can be given for all connections through startSimulator({switches})
// and can be overridden for one connection with a `sim_*` query parameter on the upgrade URL.
// Keeping the parsing in one place makes the documented parameter list and the behaviour agree.

export type ScenarioName = 'echo' | 'tool-call' | 'long' | 'silent' | 'demo';
export type Fault =
  | 'none'
  | 'drop-mid-response' // abrupt TCP destroy (no close frame) after the first audio delta
  | 'close-1011-mid-response' // close frame 1011 after the first audio delta
  | 'huge-frame-mid-response' // one 33 MiB event after the first audio delta: above the client's frame limit (1009)
  | 'fail-response' // response.done with status "failed"
  | 'server-error' // error{server_error, "Failed to read content stream."} + failed response.done
  | 'stall' // response.created, then nothing more for that response
  | 'malformed-frame' // one non-JSON text frame after session.created
  | 'oversize-frame' // one 2 MiB unknown event after session.created
  | 'binary-frame' // one binary frame after session.created
  | 'transcription-failed' // conversation.item.input_audio_transcription.failed instead of .completed
  | 'dead-peer'; // after the first completed response: silent, RFC 6455 pings unanswered, socket left open

export interface Switches {
  scenario: ScenarioName;
  faults: Fault[];
  transcript: string;
  reply: string | null;
  tool: string | null;
  args: string | null;
  sessionCreated: 'full' | 'omit' | 'bare' | 'partial';
  contentSpelling: 'short' | 'ga';
  userItem: 'input_audio' | 'input_text';
  doneOrder: 'prototype' | 'openai' | 'random';
  transcriptionTiming: 'before-done' | 'after-response';
  transcriptionDeltas: 'additive' | 'rolling' | 'backspace' | 'none';
  transcribe: 'always' | 'with-response';
  cancelStyle: 'minimal' | 'full';
  lateDeltas: number;
  duplicateText: boolean;
  omitName: boolean;
  emptyArgs: boolean;
  usage: 'response' | 'top' | 'null';
  autoToolResponse: 'session' | 'always';
  vadFlags: 'honour' | 'ignore';
  audioChunk: number | 'random';
  pacing: 'fast' | 'realtime';
  leadMs: number;
  truncateToleranceMs: number;
  pingMs: number;
  backchannel: boolean;
  errorTypeFrame: boolean;
  unknownEvents: boolean;
  rateLimits: boolean;
  outputBufferEvents: boolean;
  clearReply: boolean;
  pedantic: boolean;
  lintTimeoutMs: number;
  strict: boolean;
  closeAfter: number;
  rateBudget: number;
  rateAction: 'drop' | 'close';
  handshake: 'accept' | '401' | '403' | '429' | '500';
}

export const DEFAULT_SWITCHES: Switches = {
  scenario: 'echo',
  faults: [],
  transcript: 'What time is it?',
  reply: null,
  tool: null,
  args: null,
  sessionCreated: 'full',
  contentSpelling: 'short',
  userItem: 'input_audio',
  doneOrder: 'prototype',
  transcriptionTiming: 'before-done',
  transcriptionDeltas: 'additive',
  transcribe: 'always',
  cancelStyle: 'minimal',
  lateDeltas: 0,
  duplicateText: false,
  omitName: false,
  emptyArgs: false,
  usage: 'response',
  autoToolResponse: 'session',
  vadFlags: 'honour',
  audioChunk: 100,
  pacing: 'fast',
  leadMs: 500,
  truncateToleranceMs: 250,
  pingMs: 0,
  backchannel: false,
  errorTypeFrame: false,
  unknownEvents: false,
  rateLimits: false,
  outputBufferEvents: true,
  clearReply: true,
  pedantic: false,
  lintTimeoutMs: 3000,
  strict: true,
  closeAfter: 0,
  rateBudget: 1000,
  rateAction: 'drop',
  handshake: 'accept',
};

/** Query parameter → how it sets a switch. Exported so the docs test can check the list is complete. */
type Parser = (raw: string, s: Switches) => void;

function oneOf<K extends keyof Switches>(key: K, values: readonly string[]): Parser {
  return (raw, s) => {
    if (!values.includes(raw)) throw new Error(`expected one of ${values.join('|')}`);
    (s as unknown as Record<string, unknown>)[key] = raw;
  };
}
function flag<K extends keyof Switches>(key: K): Parser {
  return (raw, s) => {
    if (!['0', '1', 'true', 'false'].includes(raw)) throw new Error('expected 0|1');
    (s as unknown as Record<string, unknown>)[key] = raw === '1' || raw === 'true';
  };
}
function int<K extends keyof Switches>(key: K, min: number): Parser {
  return (raw, s) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`expected an integer >= ${min}`);
    (s as unknown as Record<string, unknown>)[key] = n;
  };
}
function text<K extends keyof Switches>(key: K): Parser {
  return (raw, s) => {
    (s as unknown as Record<string, unknown>)[key] = raw;
  };
}

const FAULTS: readonly Fault[] = [
  'none', 'drop-mid-response', 'close-1011-mid-response', 'huge-frame-mid-response', 'fail-response', 'server-error', 'stall',
  'malformed-frame', 'oversize-frame', 'binary-frame', 'transcription-failed', 'dead-peer',
];

export const QUERY_PARAMS: Record<string, Parser> = {
  sim_scenario: oneOf('scenario', ['echo', 'tool-call', 'long', 'silent', 'demo']),
  sim_fault: (raw, s) => {
    const list = raw.split(',').filter((f) => f.length > 0);
    const faults: Fault[] = [];
    for (const f of list) {
      // handshake-401/403/429/500 are aliases of sim_handshake, so all faults can go in one parameter.
      const hs = /^handshake-(401|403|429|500)$/.exec(f);
      if (hs) s.handshake = hs[1] as Switches['handshake'];
      else if (FAULTS.includes(f as Fault)) faults.push(f as Fault);
      else throw new Error(`unknown fault ${f}`);
    }
    s.faults = faults.filter((f) => f !== 'none');
  },
  sim_transcript: text('transcript'),
  sim_reply: text('reply'),
  sim_tool: text('tool'),
  sim_args: (raw, s) => {
    JSON.parse(raw); // reject invalid JSON at connect time rather than mid-turn
    s.args = raw;
  },
  sim_session_created: oneOf('sessionCreated', ['full', 'omit', 'bare', 'partial']),
  sim_content: oneOf('contentSpelling', ['short', 'ga']),
  sim_user_item: oneOf('userItem', ['input_audio', 'input_text']),
  sim_done_order: oneOf('doneOrder', ['prototype', 'openai', 'random']),
  sim_transcription_timing: oneOf('transcriptionTiming', ['before-done', 'after-response']),
  sim_transcription_deltas: oneOf('transcriptionDeltas', ['additive', 'rolling', 'backspace', 'none']),
  sim_transcribe: oneOf('transcribe', ['always', 'with-response']),
  sim_cancel_style: oneOf('cancelStyle', ['minimal', 'full']),
  sim_late_deltas: int('lateDeltas', 0),
  sim_duplicate_text: flag('duplicateText'),
  sim_omit_name: flag('omitName'),
  sim_empty_args: flag('emptyArgs'),
  sim_usage: oneOf('usage', ['response', 'top', 'null']),
  sim_auto_tool_response: oneOf('autoToolResponse', ['session', 'always']),
  sim_vad_flags: oneOf('vadFlags', ['honour', 'ignore']),
  sim_audio_chunk: (raw, s) => {
    if (raw === 'random') s.audioChunk = 'random';
    else int('audioChunk', 1)(raw, s);
  },
  sim_pacing: oneOf('pacing', ['fast', 'realtime']),
  sim_lead_ms: int('leadMs', 0),
  sim_truncate_tolerance_ms: int('truncateToleranceMs', 0),
  sim_ping_ms: int('pingMs', 0),
  sim_backchannel: flag('backchannel'),
  sim_error_type_frame: flag('errorTypeFrame'),
  sim_unknown_events: flag('unknownEvents'),
  sim_rate_limits: flag('rateLimits'),
  sim_output_buffer_events: flag('outputBufferEvents'),
  sim_clear_reply: flag('clearReply'),
  sim_pedantic: flag('pedantic'),
  sim_lint_timeout_ms: int('lintTimeoutMs', 1),
  sim_strict: flag('strict'),
  sim_close_after: int('closeAfter', 0),
  sim_rate_budget: int('rateBudget', 1),
  sim_rate_action: oneOf('rateAction', ['drop', 'close']),
  sim_handshake: oneOf('handshake', ['accept', '401', '403', '429', '500']),
};

/**
 * Applies every `sim_*` query parameter on top of `base`. Unknown `sim_*` names and bad values throw,
 * so a typo in a test URL fails the handshake (HTTP 400) instead of silently testing the default.
 * Query parameters without the `sim_` prefix (e.g. the OpenAI SDK's `model`) are ignored.
 */
export function switchesFromQuery(base: Switches, params: URLSearchParams): Switches {
  const s: Switches = { ...base, faults: [...base.faults] };
  for (const [name, value] of params) {
    if (!name.startsWith('sim_')) continue;
    const parse = QUERY_PARAMS[name];
    if (!parse) throw new Error(`unknown simulator parameter ${name}`);
    try {
      parse(value, s);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`);
    }
  }
  return s;
}

export function hasFault(s: Switches, f: Fault): boolean {
  return s.faults.includes(f);
}
