import { keyDestinationProblem } from '../../realtime/wire/key-destination';
import { DisposableStore, type Disposable } from '../../../shared/disposable';
import { TypedEmitter } from '../../../shared/typed-emitter';
import type { ConnectionSnapshot, UserFacingError } from '../../../shared/conversation';
import type { Settings } from '../../../shared/settings';
import type { Logger } from '../../../shared/logger';
import type {
  PlaybackPort,
  RealtimeSession,
  RealtimeSessionEvents,
  RealtimeSessionOptions,
} from '../../realtime/session-api';
import type { ToolExecutor } from '../../tools/tool-executor';
import { CallFailure } from '../../../shared/ipc/call-result';
import type { DemoConfig } from './demo-mode';
import type { KeyStorePort, SessionFactory } from '../ports';

export interface SessionHolderDeps {
  factory: SessionFactory;
  keys: KeyStorePort;
  demo: DemoConfig;
  settings: () => Settings;
  tools?: ToolExecutor;
  playback: PlaybackPort;
  logger: Logger;
  /**
   * Whether the user confirmed the configured endpoint in main (true behind the settings guard, which
   * never lets an unconfirmed endpoint into the settings). Absent = nothing confirmed: only Inworld.
   */
  endpointConfirmed?: () => boolean;
  /** How long session.connect waits before it settles with "still trying" (default: ensureTimeoutMs). */
  connectTimeoutMs?: number;
  /** How long a call that needs a session waits for it (default 15 s). */
  ensureTimeoutMs?: number;
}

/** What the holder reports: the current session's events, and the connection state it tracks. */
export type SessionHolderEvents = Pick<RealtimeSessionEvents, (typeof FORWARDED)[number]> & {
  connection: ConnectionSnapshot;
};

/** Session events passed on as they are (status and phase become `connection`). */
const FORWARDED = ['entry', 'audio', 'audioFlush', 'metrics', 'notice'] as const;

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

/** The live options that differ between two settings, or undefined when none do. */
export function liveOptionsPatch(prev: Settings, next: Settings): Partial<ReturnType<typeof liveOptionsOf>> | undefined {
  const live = liveOptionsOf(next);
  const before = liveOptionsOf(prev);
  const changed = (Object.keys(live) as Array<keyof typeof live>).filter((k) => live[k] !== before[k]);
  if (changed.length === 0) return undefined;
  return Object.fromEntries(changed.map((k) => [k, live[k]])) as Partial<typeof live>;
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
  /** Messages the next sessions start with (a continued conversation); none for a new one. */
  private seed: RealtimeSessionOptions['seed'];
  private readonly emitter: TypedEmitter<SessionHolderEvents>;

  constructor(private readonly deps: SessionHolderDeps) {
    this.emitter = new TypedEmitter((err, ev) => deps.logger.error(`session holder: listener for ${String(ev)} threw`, err));
  }

  /** Subscribes to whichever session is current: the subscription survives disconnects and new sessions. */
  on<K extends keyof SessionHolderEvents>(event: K, listener: (payload: SessionHolderEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

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

  /**
   * A fresh model context: the current session is closed (the server forgets its items) and a new
   * one opened, seeded with `seed` when continuing a stored conversation.
   */
  async restart(seed?: RealtimeSessionOptions['seed']): Promise<void> {
    await this.connecting?.catch(() => undefined);
    const wasOpen = this.session !== undefined;
    await this.disconnect();
    this.seed = seed && seed.length > 0 ? seed : undefined;
    // Offline stays offline for a plain "New conversation"; Continue means the user wants to talk.
    if (wasOpen || this.seed) await this.connect();
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
    const endpoint = this.deps.demo.endpointOverride ?? settings.endpoint;
    // The demo key is no secret, and an override comes from the user's own launch environment.
    const confirmed = this.deps.demo.demo || this.deps.demo.endpointOverride !== undefined || (this.deps.endpointConfirmed?.() ?? false);
    const refused = keyDestinationProblem(endpoint, confirmed);
    if (refused) {
      const error: UserFacingError = { code: 'endpoint_refused', message: refused, fix: 'Check the endpoint in Settings → Advanced.' };
      this.update({ status: 'error', phase: 'idle', error });
      throw new CallFailure(`${error.message} ${error.fix}`);
    }
    const options: RealtimeSessionOptions = {
      endpoint,
      apiKey,
      ...liveOptionsOf(settings),
      responseTimeoutMs: settings.responseTimeoutSec * 1000,
      playback: this.deps.playback,
      logger: this.deps.logger,
      tools: this.deps.tools,
      seed: this.seed,
    };
    const session = this.deps.factory(options);
    this.session = session;
    this.wire(session);
    this.update({ status: 'connecting', phase: 'idle' });
    const limit = this.deps.connectTimeoutMs ?? this.deps.ensureTimeoutMs ?? 15_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limit)));
    try {
      // The core retries an unreachable service forever; the call that asked settles anyway.
      const outcome = await Promise.race([session.connect().then(() => 'ready' as const), gaveUp]);
      if (outcome === 'timeout') {
        this.deps.logger.warn('session: connect still not ready; the core keeps trying', { afterMs: limit });
        throw new CallFailure(`Still trying to reach the realtime service after ${Math.round(limit / 1000)} s; it keeps trying in the background.`);
      }
    } catch (err) {
      if (err instanceof CallFailure) throw err;
      // The core rejects with a ConnectError carrying a UserFacingError (bad key, rejected config).
      const error = (err as { userError?: UserFacingError }).userError ?? this.snapshot.error;
      this.deps.logger.warn('session: connect failed', { error: String(err) });
      if (this.snapshot.status !== 'error' && this.snapshot.status !== 'reconnecting') {
        this.update({ status: 'error', phase: 'idle', error: error ?? unreachable(String(err)) });
      }
      throw new CallFailure(error ? `${error.message} ${error.fix}`.trim() : `Could not connect: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private wire(session: RealtimeSession): void {
    const forward = <K extends (typeof FORWARDED)[number]>(event: K) =>
      this.wiring.add(
        session.on(event, (payload) => {
          if (this.session !== session) return; // a closed session's late events are not ours any more
          this.emitter.emit(event, payload as SessionHolderEvents[K]); // the same type, by FORWARDED
        }),
      );
    this.wiring.add(
      session.on('status', (s) => {
        if (this.session !== session) return;
        this.update({ ...s, phase: s.status === 'ready' ? this.snapshot.phase : 'idle' });
      }),
    );
    this.wiring.add(
      session.on('phase', (phase) => {
        if (this.session !== session) return;
        this.update({ ...this.snapshot, phase });
      }),
    );
    for (const e of FORWARDED) forward(e);
  }

  private update(next: ConnectionSnapshot): void {
    this.snapshot = next;
    this.emitter.emit('connection', next);
  }
}

function unreachable(detail: string): UserFacingError {
  return { code: 'unreachable', message: 'Could not reach the realtime service.', fix: `Check the network and the endpoint. (${detail.slice(0, 200)})` };
}
