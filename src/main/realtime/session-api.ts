/**
 * The public face of the realtime core, as the rest of the main process (app controller, tray quick
 * query, `ask` CLI, test host) uses it. The implementation lives beside this file; nothing here
 * imports `electron`.
 */
import type { Disposable } from '../../shared/disposable';
import type {
  ConnectionStatus,
  ConnectionStatusInfo,
  ConversationEntry,
  NoticeLevel,
  TurnMode,
  TurnPhase,
  TurnMetrics,
} from '../../shared/conversation';
import type { Logger } from '../../shared/logger';
import type { ToolExecutor } from '../tools/tool-executor';

export interface RealtimeSessionOptions {
  /**
   * wss:// or ws:// URL of `/api/v1/realtime/session`; the client adds `key` and `protocol`. Any
   * other query parameters on it are preserved (the simulator selects scenarios with them).
   */
  endpoint: string;
  /** The portal's Base64 "Basic" credential, sent verbatim after `Basic `. */
  apiKey: string;
  model: string;
  instructions: string;
  voice: string;
  ttsModel: string;
  transcriptionModel: string;
  language?: string;
  mode: TurnMode;
  outputModalities?: Array<'audio' | 'text'>;
  /**
   * Hands-free turn detection flavour (§2.4); default `semantic_vad`, Inworld's recommended mode.
   * Ignored in push-to-talk mode (turn detection is then `null`).
   */
  vad?: 'semantic_vad' | 'server_vad';
  /**
   * How readily the server ends the user's turn (§2.4): semantic_vad's `eagerness`; for server_vad
   * it picks `silence_duration_ms` (low 800, medium/auto 500, high 300). Default medium.
   */
  vadEagerness?: 'low' | 'medium' | 'high' | 'auto';
  /**
   * Hands-free barge-in: ms of sustained voiced audio needed to interrupt an answer, judged locally
   * (turns/barge-in-gate.ts); the server is then asked not to interrupt by itself
   * (`interrupt_response: false`). 0 = the server's VAD interrupts, as OpenAI's default does.
   * Default 200: with 40 ms capture frames it is the longest that still stops playback within 300 ms
   * of the voice's onset on the audio loop (docs/ARCHITECTURE.md, "Echo and barge-in").
   */
  bargeInMs?: number;
  /** Reconnect automatically after an unexpected close or a retryable handshake failure (default true). */
  reconnect?: boolean;
  tools?: ToolExecutor;
  /**
   * Messages of an earlier conversation the model should know ("Continue" from the history): sent
   * as plain text items on the first socket, and replayed ahead of newer turns after a reconnect.
   */
  seed?: ReadonlyArray<{ role: 'user' | 'assistant'; text: string }>;
  /** Stops local playback and reports what was actually heard; absent for headless use (`ask`). */
  playback?: PlaybackPort;
  logger?: Logger;
  /** No event of an in-flight response for this long → cancel it and offer Retry (default 30 s; 0 = off). */
  responseTimeoutMs?: number;
}

export interface PlayedAudio {
  itemId: string;
  /** Samples of this item rendered by the output device (not merely queued). */
  playedSamples: number;
}

export interface PlaybackPort {
  /** Stop playback now, drop everything queued, and report per item what was actually played. */
  stop(): Promise<PlayedAudio[]>;
  /**
   * The sink's last progress report for an item: samples rendered so far and when that was
   * reported (Date.now()). Lets the session tell "still playing" from "received": playback runs
   * behind arrival by the jitter buffer, the device and every underrun.
   */
  progress?(itemId: string): { samples: number; at: number } | undefined;
}

export interface RealtimeSessionEvents {
  status: ConnectionStatusInfo;
  phase: TurnPhase;
  /** Insert or replace an entry (keyed by id). Streaming text arrives as repeated upserts. */
  entry: ConversationEntry;
  /** Raw PCM16 mono 24 kHz of assistant speech, in order, never base64. */
  audio: { responseId: string; itemId: string; pcm: ArrayBuffer };
  /** Playback for this response must stop (barge-in, cancel, disconnect). */
  audioFlush: { responseId?: string };
  metrics: TurnMetrics;
  /** Something the user should know but that does not change the connection state. */
  notice: { level: NoticeLevel; message: string; action?: 'retry-response' };
}

export interface TextTurnResult {
  responseId: string;
  text: string;
  status: TurnMetrics['status'];
  error?: string;
}

export interface RealtimeSession {
  readonly status: ConnectionStatus;
  readonly mode: TurnMode;
  on<K extends keyof RealtimeSessionEvents>(event: K, listener: (e: RealtimeSessionEvents[K]) => void): Disposable;
  /**
   * Resolves at the first ready session. Rejects with a ConnectError (`userError` is a
   * UserFacingError) on a bad key, a rejected configuration, or — with `reconnect: false` — any
   * failure; retryable failures otherwise keep retrying (see `status` events). Resolves quietly if
   * `close()` is called meanwhile.
   */
  connect(): Promise<void>;
  /** Close with 1000 and stop reconnecting. */
  close(): Promise<void>;
  /** Partial, mid-session configuration change (voice, model, instructions, mode, tools). */
  updateOptions(patch: Partial<Omit<RealtimeSessionOptions, 'endpoint' | 'apiKey' | 'tools' | 'playback' | 'logger' | 'reconnect'>>): void;

  /** Push-to-talk: the key went down. Interrupts the assistant if it is speaking, clears the input buffer. */
  beginUserTurn(): Promise<void>;
  /** Raw PCM16 mono 24 kHz microphone audio (push-to-talk while held, hands-free always). */
  appendAudio(pcm: ArrayBuffer | Uint8Array): void;
  /** Push-to-talk: key released and the capture tail flushed. Commits and asks for a response. */
  commitUserTurn(): Promise<{ committed: boolean; reason?: string }>;
  /** Push-to-talk: abandon the turn (clear the input buffer). */
  cancelUserTurn(): void;
  /** A typed message; resolves when the answer (after any tool calls) is complete. */
  sendText(text: string, opts?: { textOnly?: boolean }): Promise<TextTurnResult>;
  /** Adds finished messages from another conversation (same ids), as history without a response. */
  importMessages(entries: readonly ConversationEntry[]): void;
  /** Stop the assistant now (cancel, truncate to what was heard, clear output). */
  interrupt(): Promise<void>;
  /** Ask for an answer again (after "the server stopped answering"). */
  retryResponse(): void;
}
