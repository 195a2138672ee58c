/**
 * Strict local simulator of the Inworld Realtime WebSocket protocol
 * (reference: docs/protocol/inworld-realtime.md, §1.7, §2, §3.5, §6, §7.3–7.6).
 * It is the test peer of the app and the backend of `npm run demo`. It shares no code with the
 * client on purpose: an independent reading of the protocol is what makes it a useful test.
 *
 * ## Programmatic API
 *   const sim = await startSimulator({ port: 0, scenario: 'tool-call' });
 *   new WebSocket(`${sim.url}?key=k1&protocol=realtime`, { headers: { Authorization: `Basic ${sim.key}` } });
 *   sim.sessions[0].clientEvents / serverEvents / errors / lint / inputAudio / commits / appends
 *   await sim.close();
 * `sim.url` has no query string; the client adds `key` and `protocol` (and any `sim_*` switches).
 *
 * ## Handshake (§1.7) — JSON body {"error": <short code>, "message": <text>}
 *   404 path is not /api/v1/realtime/session        400 key missing/empty, protocol != realtime, bad sim_* param
 *   401 Authorization not "Basic <k>"/"Bearer <k>" with k in `keys`   403 only when forced (sim_handshake=403)
 *   409 key used by a live socket                    429 `maxSessions` live sessions already
 *   Unknown query parameters without the sim_ prefix (e.g. the OpenAI SDK's `model`) are ignored.
 *
 * ## Per-connection query switches (defaults come from startSimulator({switches}); see switches.ts)
 *   sim_scenario=echo|tool-call|long|silent|demo   echo: 'You said: "<user text>".'; tool-call: call sim_tool
 *                                             (else the first session tool) with sim_args (else {}), then
 *                                             speak 'The tool returned: <output>.'; long: ~15 s reply; silent: empty response;
 *                                             demo: a few intents (time, notes, clipboard, "what can you do") answered
 *                                             with the session's tools where one fits (demo-intents.ts)
 *   sim_transcript=<text>          scripted transcript of every committed audio turn (default "What time is it?")
 *   sim_reply=<text>               fixed assistant reply text
 *   sim_tool=<name> sim_args=<json>
 *   sim_fault=<f>[,<f>…]           drop-mid-response | close-1011-mid-response | huge-frame-mid-response (33 MiB) |
 *                                  fail-response | server-error |
 *                                  stall | malformed-frame | oversize-frame | binary-frame | transcription-failed |
 *                                  dead-peer | none | handshake-401 | handshake-403 | handshake-429 | handshake-500
 *                                  (= sim_handshake). dead-peer: after the first completed response the server
 *                                  sends nothing more, ignores client frames and stops answering WebSocket
 *                                  pings, but keeps the TCP socket open (a vanished peer only keep-alive finds)
 *   sim_session_created=full|omit|bare|partial
 *   sim_content=short|ga           assistant item content `audio`/`text` or `output_audio`/`output_text`
 *   sim_user_item=input_audio|input_text
 *   sim_done_order=prototype|openai|random
 *   sim_transcription_timing=before-done|after-response
 *   sim_transcription_deltas=additive|rolling|backspace|none
 *   sim_transcribe=always|with-response
 *   sim_cancel_style=minimal|full  cancelled response: only response.done, or per-part .done first
 *   sim_late_deltas=N              audio deltas still sent after a cancellation
 *   sim_duplicate_text=0|1         output_text deltas as well as transcript deltas (modalities incl. text)
 *   sim_omit_name=0|1              no `name` in function_call_arguments.done
 *   sim_empty_args=0|1             parameterless tool calls get arguments "" instead of "{}"
 *   sim_usage=response|top|null
 *   sim_auto_tool_response=session|always
 *   sim_vad_flags=honour|ignore    whether create_response/interrupt_response=false are honoured
 *   sim_audio_chunk=<ms>|random    assistant audio delta size (default 100 ms; random includes odd byte counts)
 *   sim_pacing=fast|realtime  sim_lead_ms=N (500)  sim_truncate_tolerance_ms=N (250)
 *   sim_ping_ms=N                  `ping` event every N ms (0 = off)
 *   sim_error_type_frame=0|1       {"errorType":"SESSION_RESOURCES_EXHAUSTED"} frame after the first session.updated
 *   sim_unknown_events=0|1         x.unknown.event after session.created and in every response
 *   sim_rate_limits=0|1            rate_limits.updated after each response.created
 *   sim_output_buffer_events=1|0   output_audio_buffer.started/stopped/cleared
 *   sim_clear_reply=1|0            reply to output_audio_buffer.clear with .cleared
 *   sim_pedantic=0|1               lint findings also sent as error events (code protocol_lint)
 *   sim_lint_timeout_ms=N (3000)   the "N seconds" of the timed lint rules
 *   sim_strict=1|0                 unknown fields are errors (unknown_parameter)
 *   sim_close_after=N              destroy the socket (no close frame) after N server events
 *   sim_rate_budget=N (1000/s per session)   sim_rate_action=drop|close (close = 1008)
 *   sim_handshake=accept|401|403|429|500
 *   sim_backchannel=0|1            with providerData.backchannel.enabled: one response.backchannel.audio.delta…/.done
 *                                  (phrase allowed_phrases[0] or "mm-hmm") per VAD turn after min_speech_ms (800)
 *
 * ## Behaviour notes
 *   - Strict (§7.4): every rejected client event gets {"type":"error","error":{type,code,message,param,event_id}}
 *     and has no other effect. Lint (§7.5, LINT_RULES) is recorded on SessionRecord.lint.
 *   - Replies are speech rendered by espeak-ng + sox (-D, deterministic) at the session's output format,
 *     cached in $TMPDIR/inworld-sim-tts; without espeak-ng a 220 Hz syllable signal is sent and a warning logged.
 *   - VAD (server_vad / semantic_vad): 10 ms frames with RMS > threshold×0.04 (semantic: 0.02) are speech;
 *     20 ms of speech starts a turn; silence_duration_ms (semantic: eagerness low/medium/high 800/500/300 ms) ends it.
 *     server_vad idle_timeout_ms → input_audio_buffer.timeout_triggered + commit + response.
 *   - Packet budget: `packetsPerSecond` (default 1000) shared by all sessions of one simulator, plus sim_rate_budget.
 *   - Frames above 24 MiB are closed by ws with 1009 (rule 12 answers appends up to that size).
 *
 * ## HTTP control API (same port, loopback clients only, JSON unless noted)
 *   GET  /__sim/sessions                   summaries of live and ended sessions
 *   GET  /__sim/sessions/:key              one summary (newest session with that key)
 *   GET  /__sim/sessions/:key/input.pcm    raw input audio bytes received (application/octet-stream)
 *   GET  /__sim/sessions/:key/events       {client, server, errors, lint, appends, commits}
 *   POST /__sim/reset                      close live sessions (1001) and forget all records
 *   POST /__sim/sessions/:key/drop         end that live socket abruptly (no close frame): a lost network
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { handleControl } from './control-api.js';
import { REALTIME_PATH, checkHandshake } from './handshake.js';
import { IdSource } from './ids.js';
import { RateWindow } from './rate.js';
import { SessionRecord } from './record.js';
import { SimSession } from './session.js';
import { DEFAULT_SWITCHES, type ScenarioName, type Switches } from './switches.js';

export { SessionRecord } from './record.js';
export type { ClientEventRecord, ServerEventRecord, ErrorRecord, LintRecord, AppendRecord, CommitRecord } from './record.js';
export { DEFAULT_SWITCHES, QUERY_PARAMS, type Switches, type ScenarioName, type Fault } from './switches.js';
export { REALTIME_PATH } from './handshake.js';
export { LONG_REPLY } from './script.js';
export { LINT_RULES, type LintRule } from './lint.js';
export { synthesize, espeakAvailable } from './tts.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Accepted credentials (the part after "Basic " or "Bearer "). Default: one generated key. */
  keys?: string[];
  /** Concurrent live sessions before 429 (default 20, §8). */
  maxSessions?: number;
  /** Account-wide client packet budget per second, shared by all sessions (default 1000, §8). */
  packetsPerSecond?: number;
  scenario?: ScenarioName;
  pacing?: 'fast' | 'realtime';
  /** Defaults for every switch; `sim_*` query parameters override them per connection. */
  switches?: Partial<Switches>;
  /** Log connections and closes to stderr (the CLI turns this on). */
  log?: boolean;
  /**
   * Keep base64 audio inside recorded client/server events (default true). The bytes are always
   * available as inputAudio / commits / outputAudio; the CLI turns this off to bound memory.
   */
  recordPayloads?: boolean;
  /** Forget the oldest ended sessions beyond this many records (default: keep all; the CLI keeps 50). */
  maxRecords?: number;
}

export interface Simulator {
  /** ws://127.0.0.1:N/api/v1/realtime/session (no query). */
  url: string;
  /** The first accepted credential, for `Authorization: Basic <key>`. */
  key: string;
  keys: string[];
  port: number;
  /** Live and ended sessions, in connection order. */
  sessions: SessionRecord[];
  /** Newest record for a session key. */
  session(key: string): SessionRecord | undefined;
  /** Resolves with the record once a session with `key` (or any new session) has connected. */
  waitForSession(key?: string, timeoutMs?: number): Promise<SessionRecord>;
  /** Closes live sessions with 1001 and forgets all records. */
  reset(): Promise<void>;
  /** Terminates the live socket of `key` without a close frame; false if none is live. */
  drop(key: string): boolean;
  close(): Promise<void>;
}

function generatedKey(): string {
  // Shaped like Inworld's Basic credential: base64("<keyId>:<secret>").
  return Buffer.from(`sim-${randomBytes(4).toString('hex')}:${randomBytes(16).toString('hex')}`).toString('base64');
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const keys = opts.keys && opts.keys.length > 0 ? [...opts.keys] : [generatedKey()];
  const defaults: Switches = { ...DEFAULT_SWITCHES, ...opts.switches };
  if (opts.scenario) defaults.scenario = opts.scenario;
  if (opts.pacing) defaults.pacing = opts.pacing;
  const maxSessions = opts.maxSessions ?? 20;
  const accountRate = new RateWindow(opts.packetsPerSecond ?? 1000);
  const sessionIds = new IdSource();
  const sessions: SessionRecord[] = [];
  const live = new Map<string, WebSocket>();
  const waiters: { key?: string; resolve: (r: SessionRecord) => void }[] = [];
  const log = (line: string) => opts.log && console.error(`[sim] ${line}`);

  // 15 MiB of PCM is ~20 MiB of base64; above that ws itself closes with 1009 before rule 12 can answer.
  // autoPong off: each SimSession answers pings itself, so the dead-peer fault can stop answering them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 24 * 1024 * 1024, autoPong: false });
  const sim: Simulator = {
    url: '',
    key: keys[0] as string,
    keys,
    port: 0,
    sessions,
    session: (key) => [...sessions].reverse().find((s) => s.key === key),
    waitForSession(key, timeoutMs = 5000) {
      const existing = key === undefined ? undefined : sim.session(key);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, rejectP) => {
        const w = { key, resolve: (r: SessionRecord) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          rejectP(new Error(`no session ${key ?? ''} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    drop(key) {
      const ws = live.get(key);
      if (!ws) return false;
      ws.terminate();
      return true;
    },
    async reset() {
      await Promise.all([...live.values()].map((ws) => closeSocket(ws, 1001)));
      sessions.length = 0;
    },
    async close() {
      await Promise.all([...live.values()].map((ws) => closeSocket(ws, 1001)));
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/__sim/')) {
      handleControl(req, res, sim).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node's http server drops its own socket 'error' listener before 'upgrade', so a client that
    // resets the connection while a refusal is being written (ws clients destroy the request once
    // they have read the status) would otherwise be an uncaught ECONNRESET that kills the simulator.
    socket.on('error', (err) => log(`socket error on ${req.url}: ${err.message}`));
    const result = checkHandshake(req, { defaults, keys, liveKeys: new Set(live.keys()), maxSessions });
    if (!result.ok) {
      const body = JSON.stringify(result.body);
      log(`rejected ${req.url} → ${result.status}`);
      socket.end(
        `HTTP/1.1 ${result.status} ${httpReason(result.status)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    // Reserve the key before the async upgrade completes so a racing duplicate gets 409.
    live.set(result.key, null as unknown as WebSocket);
    socket.once('close', () => {
      if (live.get(result.key) === (null as unknown as WebSocket)) live.delete(result.key);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      const record = new SessionRecord(result.key, sessionIds.next('sess'), req.url ?? '', result.switches);
      sessions.push(record);
      for (let i = 0; sessions.length > (opts.maxRecords ?? Infinity) && i < sessions.length; ) {
        if (sessions[i]?.open) i++;
        else sessions.splice(i, 1);
      }
      live.set(result.key, ws);
      ws.on('close', (code) => {
        if (live.get(result.key) === ws) live.delete(result.key);
        log(`session ${result.key} closed (${code})`);
      });
      const session = new SimSession({ ws, record, switches: result.switches, accountRate, recordPayloads: opts.recordPayloads ?? true });
      log(`session ${result.key} connected (scenario ${result.switches.scenario})`);
      session.start();
      for (const w of [...waiters]) {
        if (w.key === undefined || w.key === result.key) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(record);
        }
      }
    });
  });

  await new Promise<void>((resolve, rejectP) => {
    server.once('error', rejectP);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  sim.port = port;
  sim.url = `ws://${host}:${port}${REALTIME_PATH}`;
  return sim;
}

function closeSocket(ws: WebSocket | null, code: number): Promise<void> {
  if (!ws || ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => (ws.terminate(), resolve()), 1000);
    ws.once('close', () => (clearTimeout(timer), resolve()));
    ws.close(code, 'simulator shutting down');
  });
}

function httpReason(status: number): string {
  return { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error' }[status] ?? 'Error';
}
