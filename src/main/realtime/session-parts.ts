import type { ConversationEntry, NoticeLevel } from '../../shared/conversation';
import type { Logger } from '../../shared/logger';
import { RealtimeConnection } from './connection/connection';
import { ExpiryRecycler } from './connection/expiry-recycler';
import { fullSessionConfig, type ConfigOptions } from './connection/session-config';
import { ConversationModel } from './conversation/conversation-model';
import { MicInput } from './mic/mic-input';
import { ErrorRouter } from './turns/error-router';
import { Interrupter } from './turns/interruption';
import { requestLedger, type SessionConnection } from './turns/request-ledger';
import { ToolCoordinator } from './turns/tool-coordinator';
import type { TurnTracker } from './turns/turn-tracker';
import type { TransportFactory } from './wire/transport';
import { createWsTransport } from './wire/ws-transport';
import type { RealtimeSessionEvents, RealtimeSessionOptions } from './session-api';

/** What tests and the headless CLI may swap or tune; the app uses the defaults. */
export interface SessionDeps {
  transportFactory?: TransportFactory;
  createdTimeoutMs?: number;
  readyTimeoutMs?: number;
  /** ms to wait for `response.done` before truncating anyway (§6.6 step 5). */
  truncateWaitMs?: number;
  random?: () => number;
  outbox?: { highWaterBytes?: number; maxQueuedMs?: number };
  /** How many history items to replay after a reconnect (§6.8). */
  replayItems?: number;
}

/** The session's side of its parts: where they report, and what they read from it. */
export interface SessionHooks {
  log: Logger;
  turns: TurnTracker;
  config: () => ConfigOptions;
  generation: () => number;
  closed: () => boolean;
  notice: (level: NoticeLevel, message: string) => void;
  entry: (e: ConversationEntry) => void;
  audio: (a: RealtimeSessionEvents['audio']) => void;
  firstOutput: (responseId: string) => void;
  flush: (responseId: string | undefined) => void;
}

export interface SessionParts {
  model: ConversationModel;
  conn: SessionConnection;
  mic: MicInput;
  errors: ErrorRouter;
  interrupter: Interrupter;
  tools: ToolCoordinator;
  recycler: ExpiryRecycler;
}

/** Builds the parts of one realtime session and wires them to each other (not yet to its events). */
export function createSessionParts(options: RealtimeSessionOptions, deps: SessionDeps, h: SessionHooks): SessionParts {
  const model = new ConversationModel({
    entry: h.entry,
    audio: h.audio,
    firstOutput: h.firstOutput,
    debug: (m, d) => h.log.debug(m, d),
  });
  const conn = new RealtimeConnection({
    endpoint: options.endpoint,
    apiKey: options.apiKey,
    transportFactory: deps.transportFactory ?? createWsTransport(),
    fullConfig: () => fullSessionConfig(h.config(), options.tools?.definitions() ?? []),
    logger: h.log,
    reconnect: options.reconnect ?? true,
    ledger: requestLedger(h.turns, model),
    createdTimeoutMs: deps.createdTimeoutMs,
    readyTimeoutMs: deps.readyTimeoutMs,
    random: deps.random,
  });
  const mic = new MicInput(
    {
      conn,
      mode: () => h.config().mode,
      notice: (message) => {
        h.log.warn(message);
        h.notice('warn', message);
      },
      log: h.log,
    },
    deps.outbox,
  );
  // What every turn helper works on.
  const core = { conn, model, turns: h.turns, log: h.log, generation: h.generation };
  const errors = new ErrorRouter({ ...core, mic, notice: h.notice });
  const interrupter = new Interrupter({
    ...core,
    playback: options.playback,
    flush: h.flush,
    truncateWaitMs: deps.truncateWaitMs ?? 1000,
  });
  const tools = new ToolCoordinator({
    ...core,
    executor: options.tools,
    closed: h.closed,
    toolsChanged: (defs) => conn.updateSession({ tools: fullSessionConfig(h.config(), defs).tools ?? [] }),
  });
  const recycler = new ExpiryRecycler({
    busy: () => !!model.activeResponse || mic.busy || tools.busy || interrupter.audible(),
    closed: h.closed,
    recycle: () => conn.recycle(),
  });
  return { model, conn, mic, errors, interrupter, tools, recycler };
}
