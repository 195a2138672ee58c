import { TypedEmitter } from '../../../src/shared/typed-emitter';
import type { Disposable } from '../../../src/shared/disposable';
import type { ClientEvent } from '../../../src/shared/protocol/client-events';
import { parseServerEvent } from '../../../src/shared/protocol/parse';
import type { ConnectError } from '../../../src/main/realtime/connection/connect-errors';
import type { Transport, TransportEvents, TransportParams, TransportState } from '../../../src/main/realtime/wire/transport';
import { createRealtimeSession, type SessionDeps } from '../../../src/main/realtime/realtime-session';
import type { RealtimeSession, RealtimeSessionEvents, RealtimeSessionOptions } from '../../../src/main/realtime/session-api';

/**
 * A transport driven by the test: it records what the client sends and lets the test play server
 * frames (as raw JSON, through the real parser) and socket failures.
 */
export class ScriptedTransport implements Transport {
  readonly sent: ClientEvent[] = [];
  bufferedAmount = 0;
  state: TransportState = 'connecting';
  private readonly emitter = new TypedEmitter<TransportEvents>((err) => {
    throw err;
  });

  constructor(
    readonly params: TransportParams,
    private readonly outcome: ConnectError | 'open',
  ) {}

  on<K extends keyof TransportEvents>(event: K, listener: (p: TransportEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  async connect(): Promise<void> {
    await Promise.resolve();
    if (this.outcome !== 'open') {
      this.state = 'closed';
      throw this.outcome;
    }
    this.state = 'open';
    this.emitter.emit('open', undefined);
  }

  send(event: ClientEvent): boolean {
    if (this.state !== 'open') return false;
    this.sent.push(JSON.parse(JSON.stringify(event)) as ClientEvent);
    return true;
  }

  close(code = 1000, reason = ''): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emitter.emit('close', { code, reason, byClient: true });
  }

  /** Plays one server frame (object or raw text) through the real parser. */
  server(frame: object | string): void {
    const raw = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const r = parseServerEvent(raw);
    if (r.ok) this.emitter.emit('event', r.event);
    else this.emitter.emit('invalid', { ...r, preview: raw.slice(0, 200) });
  }

  /** The server side vanished. */
  drop(code = 1006): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emitter.emit('close', { code, reason: '', byClient: false });
  }

  types(): string[] {
    return this.sent.map((e) => e.type);
  }

  last<T extends ClientEvent['type']>(type: T): Extract<ClientEvent, { type: T }> | undefined {
    return [...this.sent].reverse().find((e) => e.type === type) as Extract<ClientEvent, { type: T }> | undefined;
  }

  all<T extends ClientEvent['type']>(type: T): Array<Extract<ClientEvent, { type: T }>> {
    return this.sent.filter((e) => e.type === type) as Array<Extract<ClientEvent, { type: T }>>;
  }
}

/** Creates transports on demand; `outcomes` scripts the result of successive connection attempts. */
export class ScriptedServer {
  readonly transports: ScriptedTransport[] = [];
  outcomes: Array<ConnectError | 'open'> = [];

  factory = (params: TransportParams): Transport => {
    const t = new ScriptedTransport(params, this.outcomes.shift() ?? 'open');
    this.transports.push(t);
    return t;
  };

  get current(): ScriptedTransport {
    const t = this.transports[this.transports.length - 1];
    if (!t) throw new Error('no transport yet');
    return t;
  }
}

export const BASE_OPTIONS: RealtimeSessionOptions = {
  endpoint: 'ws://127.0.0.1:9/api/v1/realtime/session',
  apiKey: 'a2V5OnNlY3JldA==',
  model: 'openai/gpt-4.1-mini',
  instructions: 'Be brief.',
  voice: 'Clive',
  ttsModel: 'inworld-tts-2',
  transcriptionModel: 'inworld/inworld-stt-1',
  mode: 'push-to-talk',
};

export interface Harness {
  session: RealtimeSession;
  server: ScriptedServer;
  events: { [K in keyof RealtimeSessionEvents]: Array<RealtimeSessionEvents[K]> };
  t(): ScriptedTransport;
}

export function harness(options: Partial<RealtimeSessionOptions> = {}, deps: SessionDeps = {}): Harness {
  const server = new ScriptedServer();
  const session = createRealtimeSession({ ...BASE_OPTIONS, ...options }, { transportFactory: server.factory, random: () => 0.5, ...deps });
  const events: Harness['events'] = { status: [], phase: [], entry: [], audio: [], audioFlush: [], metrics: [], notice: [] };
  for (const k of Object.keys(events) as Array<keyof RealtimeSessionEvents>) {
    session.on(k, (e) => (events[k] as unknown[]).push(e));
  }
  return { session, server, events, t: () => server.current };
}

/** Lets promise continuations run (the scripted transport resolves connect in a microtask). */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}

/** Connects and performs the created → update → updated handshake. */
export async function ready(h: Harness): Promise<ScriptedTransport> {
  const p = h.session.connect();
  await flush();
  const t = h.t();
  t.server({ type: 'session.created', event_id: 'e1', session: {} });
  t.server({ type: 'session.updated', event_id: 'e2', session: {} });
  await p;
  return t;
}

/** Latest version of every entry, by id. */
export function entries(h: Harness): Map<string, RealtimeSessionEvents['entry']> {
  const m = new Map<string, RealtimeSessionEvents['entry']>();
  for (const e of h.events.entry) m.set(e.id, e);
  return m;
}

export function pcm(ms: number, value = 1000): Uint8Array {
  const samples = (24_000 * ms) / 1000;
  const out = new Uint8Array(samples * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples; i++) view.setInt16(i * 2, value, true);
  return out;
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A complete audio+transcript response, in the prototype's order (§6.9). */
export function audioResponse(rid: string, iid: string, words: string[], audioMsPerDelta = 100): object[] {
  const evs: object[] = [
    { type: 'response.created', response: { id: rid, status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', response_id: rid, output_index: 0, item: { id: iid, type: 'message', role: 'assistant', status: 'in_progress', content: [] } },
    { type: 'conversation.item.added', item: { id: iid, type: 'message', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', response_id: rid, item_id: iid, output_index: 0, content_index: 0, part: { type: 'audio', transcript: '' } },
  ];
  for (const w of words) {
    evs.push({ type: 'response.output_audio_transcript.delta', response_id: rid, item_id: iid, output_index: 0, content_index: 0, delta: w });
    evs.push({ type: 'response.output_audio.delta', response_id: rid, item_id: iid, output_index: 0, content_index: 0, delta: b64(pcm(audioMsPerDelta)) });
  }
  const text = words.join('');
  evs.push(
    { type: 'response.output_audio_transcript.done', response_id: rid, item_id: iid, output_index: 0, content_index: 0, transcript: text },
    { type: 'response.output_audio.done', response_id: rid, item_id: iid, output_index: 0, content_index: 0 },
    { type: 'response.content_part.done', response_id: rid, item_id: iid, output_index: 0, content_index: 0, part: { type: 'audio', transcript: text } },
    { type: 'conversation.item.done', item: { id: iid, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'audio', transcript: text }] } },
    { type: 'response.output_item.done', response_id: rid, output_index: 0, item: { id: iid, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'audio', transcript: text }] } },
  );
  return evs;
}

export function responseDone(rid: string, output: object[] = [], status = 'completed', extra: object = {}): object {
  return { type: 'response.done', response: { id: rid, status, output, ...extra } };
}

/** The user types `question n` and the server answers it with `answer n` (response r<n>, items u<n>/a<n>). */
export async function textTurn(h: Harness, t: ScriptedTransport, n: number): Promise<void> {
  const answer = h.session.sendText(`question ${n}`);
  t.server({ type: 'conversation.item.added', item: { id: `u${n}`, type: 'message', role: 'user', content: [{ type: 'input_text', text: `question ${n}` }] } });
  t.server({ type: 'response.created', response: { id: `r${n}` } });
  t.server({ type: 'response.output_text.delta', response_id: `r${n}`, item_id: `a${n}`, delta: `answer ${n}` });
  t.server(responseDone(`r${n}`));
  await answer;
}
