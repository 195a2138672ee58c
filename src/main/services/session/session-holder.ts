import { DisposableStore } from '../../../shared/disposable';
import type { ConnectionStatus, TurnPhase, UserFacingError } from '../../../shared/conversation';
import type { Settings } from '../../../shared/settings';
import type {
  Logger,
  PlaybackPort,
  RealtimeSession,
  RealtimeSessionEvents,
  RealtimeSessionOptions,
} from '../../realtime/session-api';
import type { ToolExecutor } from '../../tools/tool-executor';
import { CallFailure } from '../../ipc/call-dispatcher';
import type { DemoConfig } from './demo-mode';
import type { KeyStorePort, SessionFactory } from '../ports';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  phase: TurnPhase;
  error?: UserFacingError;
  attempt?: number;
  nextRetryAt?: number;
}

export interface SessionHolderDeps {
  factory: SessionFactory;
  keys: KeyStorePort;
  demo: DemoConfig;
  settings: () => Settings;
  tools?: ToolExecutor;
  playback: PlaybackPort;
  logger: Logger;
  /** How long a call that needs a session waits for it (default 15 s). */
  ensureTimeoutMs?: number;
  /** Every session event, forwarded; the holder itself only tracks connection state. */
  onEvent<K extends keyof RealtimeSessionEvents>(event: K, payload: RealtimeSessionEvents[K]): void;
  onConnectionChange(snapshot: ConnectionSnapshot): void;
}

const NO_KEY: UserFacingError = {
  code: 'no_key',
  message: 'No Inworld API key is set.',
  fix: 'Open Settings and paste the key from the Inworld portal.',
};

/** The session fields that can change mid-session without reconnecting. */
export function liveOptionsOf(s: Settings) {
  return {
    model: s.model,
    instructions: s.instructions,
    voice: s.voice,
    ttsModel: s.ttsModel,
    transcriptionModel: s.transcriptionModel,
    language: s.language,
    mode: s.mode,
    vad: s.vad,
    vadEagerness: s.vadEagerness,
    bargeInMs: s.bargeInMs,
  };
}

/**
 * Owns the one realtime session: creates it with the key (or the demo key) on connect, forwards its
 * events, tracks the connection state the UI shows, and drops it on disconnect. Concurrent
 * connect() calls share one attempt, so a double click cannot open two sockets.
 */
export class SessionHolder {
  private session: RealtimeSession | undefined;
  private wiring = new DisposableStore();
  private connecting: Promise<void> | undefined;
  private snapshot: ConnectionSnapshot = { status: 'offline', phase: 'idle' };

  constructor(private readonly deps: SessionHolderDeps) {}

  get current(): RealtimeSession | undefined {
    return this.session;
  }

  get state(): ConnectionSnapshot {
    return this.snapshot;
  }

  connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** The session, connecting first when there is none or it is down; undefined if that fails. */
  async ensure(): Promise<RealtimeSession | undefined> {
    if (this.session?.status === 'ready') return this.session;
    // The core retries an unreachable service forever; a call waiting for it gives up after
    // `ensureTimeoutMs` (the connection attempt itself goes on, visible in the state).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), this.deps.ensureTimeoutMs ?? 15_000)));
    try {
      const outcome = await Promise.race([this.connect().then(() => 'ok' as const), gaveUp]);
      if (outcome === 'timeout') return undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
    return this.session;
  }

  async disconnect(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.wiring.dispose();
    this.wiring = new DisposableStore();
    if (session) {
      try {
        await session.close();
      } catch (err) {
        this.deps.logger.warn('session: close failed', { error: String(err) });
      }
    }
    this.update({ status: 'offline', phase: 'idle' });
  }

  private async doConnect(): Promise<void> {
    if (this.session && this.session.status !== 'offline' && this.session.status !== 'error') return;
    if (this.session) await this.disconnect();
    const settings = this.deps.settings();
    const apiKey = this.deps.demo.demo ? this.deps.demo.demoKey : await this.deps.keys.read();
    if (!apiKey) {
      this.update({ status: 'error', phase: 'idle', error: NO_KEY });
      throw new CallFailure(`${NO_KEY.message} ${NO_KEY.fix}`);
    }
    const options: RealtimeSessionOptions = {
      endpoint: this.deps.demo.endpointOverride ?? settings.endpoint,
      apiKey,
      ...liveOptionsOf(settings),
      playback: this.deps.playback,
      logger: this.deps.logger,
      ...(this.deps.tools ? { tools: this.deps.tools } : {}),
    };
    const session = this.deps.factory(options);
    this.session = session;
    this.wire(session);
    this.update({ status: 'connecting', phase: 'idle' });
    try {
      await session.connect();
    } catch (err) {
      // The core rejects with a ConnectError carrying a UserFacingError (bad key, rejected config).
      const error = (err as { userError?: UserFacingError }).userError ?? this.snapshot.error;
      this.deps.logger.warn('session: connect failed', { error: String(err) });
      if (this.snapshot.status !== 'error' && this.snapshot.status !== 'reconnecting') {
        this.update({ status: 'error', phase: 'idle', error: error ?? unreachable(String(err)) });
      }
      throw new CallFailure(error ? `${error.message} ${error.fix}`.trim() : `Could not connect: ${String(err)}`);
    }
  }

  private wire(session: RealtimeSession): void {
    const forward = <K extends keyof RealtimeSessionEvents>(event: K) =>
      this.wiring.add(
        session.on(event, (payload) => {
          if (this.session !== session) return; // a closed session's late events are not ours any more
          this.deps.onEvent(event, payload);
        }),
      );
    this.wiring.add(
      session.on('status', (s) => {
        if (this.session !== session) return;
        this.update({
          status: s.status,
          phase: s.status === 'ready' ? this.snapshot.phase : 'idle',
          ...(s.error ? { error: s.error } : {}),
          ...(s.attempt !== undefined ? { attempt: s.attempt } : {}),
          ...(s.nextRetryAt !== undefined ? { nextRetryAt: s.nextRetryAt } : {}),
        });
      }),
    );
    this.wiring.add(
      session.on('phase', (phase) => {
        if (this.session !== session) return;
        this.update({ ...this.snapshot, phase });
      }),
    );
    for (const e of ['entry', 'audio', 'audioFlush', 'metrics', 'notice'] as const) forward(e);
  }

  private update(next: ConnectionSnapshot): void {
    this.snapshot = next;
    this.deps.onConnectionChange(next);
  }
}

function unreachable(detail: string): UserFacingError {
  return { code: 'unreachable', message: 'Could not reach the realtime service.', fix: `Check the network and the endpoint. (${detail.slice(0, 200)})` };
}
