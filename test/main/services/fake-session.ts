import { TypedEmitter } from '../../../src/shared/typed-emitter';
import type { ConnectionStatus, ConversationEntry, TurnMode } from '../../../src/shared/conversation';
import type {
  RealtimeSession,
  RealtimeSessionEvents,
  RealtimeSessionOptions,
  TextTurnResult,
} from '../../../src/main/realtime/session-api';

/**
 * A scriptable RealtimeSession for controller and host tests: records every call in `calls`, lets
 * the test emit session events, and answers sendText with `reply` (as an entry and as the result).
 */
export class FakeSession implements RealtimeSession {
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  readonly appended: ArrayBuffer[] = [];
  private readonly emitter = new TypedEmitter<RealtimeSessionEvents>();
  status: ConnectionStatus = 'offline';
  mode: TurnMode;
  reply = 'Hello from the fake session.';
  failConnect: Error | undefined;
  beginDelayMs = 0;

  constructor(readonly options: RealtimeSessionOptions) {
    this.mode = options.mode;
  }

  on<K extends keyof RealtimeSessionEvents>(event: K, listener: (e: RealtimeSessionEvents[K]) => void) {
    return this.emitter.on(event, listener);
  }

  emit<K extends keyof RealtimeSessionEvents>(event: K, payload: RealtimeSessionEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callNames(): string[] {
    return this.calls.map((c) => c.method);
  }

  async connect(): Promise<void> {
    this.record('connect');
    this.setStatus('connecting');
    await Promise.resolve();
    if (this.failConnect) {
      this.setStatus('error', { code: 'bad_key', message: 'The key was rejected.', fix: 'Check the key.' });
      throw this.failConnect;
    }
    this.setStatus('ready');
  }

  retryResponse(): void {
    this.record('retryResponse');
  }

  async close(): Promise<void> {
    this.record('close');
    this.setStatus('offline');
  }

  updateOptions(patch: Partial<RealtimeSessionOptions>): void {
    this.record('updateOptions', patch);
    if (patch.mode) this.mode = patch.mode;
  }

  async beginUserTurn(): Promise<void> {
    this.record('beginUserTurn');
    if (this.beginDelayMs) await new Promise((r) => setTimeout(r, this.beginDelayMs));
  }

  appendAudio(pcm: ArrayBuffer | Uint8Array): void {
    this.record('appendAudio', pcm.byteLength);
    this.appended.push(pcm instanceof ArrayBuffer ? pcm : (pcm.slice().buffer as ArrayBuffer));
  }

  async commitUserTurn(): Promise<{ committed: boolean; reason?: string }> {
    this.record('commitUserTurn');
    return this.appended.length > 0 ? { committed: true } : { committed: false, reason: 'empty' };
  }

  importMessages(entries: readonly ConversationEntry[]): void {
    this.record('importMessages', entries.map((e) => e.id));
    for (const e of entries) this.emit('entry', e);
  }

  cancelUserTurn(): void {
    this.record('cancelUserTurn');
  }

  async sendText(text: string, opts?: { textOnly?: boolean }): Promise<TextTurnResult> {
    this.record('sendText', text, opts);
    const now = Date.now();
    this.emit('entry', { kind: 'message', id: `u-${now}`, role: 'user', text, final: true, source: 'text', createdAt: now });
    this.emit('entry', { kind: 'message', id: `a-${now}`, role: 'assistant', text: this.reply, final: true, responseId: 'r1', createdAt: now });
    return { responseId: 'r1', text: this.reply, status: 'completed' };
  }

  async interrupt(): Promise<void> {
    this.record('interrupt');
  }

  setStatus(status: ConnectionStatus, error?: RealtimeSessionEvents['status']['error']): void {
    this.status = status;
    this.emit('status', { status, ...(error ? { error } : {}) });
  }
}

/** A factory that remembers every session it made. */
export function fakeFactory(setup?: (s: FakeSession) => void) {
  const sessions: FakeSession[] = [];
  const factory = (options: RealtimeSessionOptions) => {
    const s = new FakeSession(options);
    setup?.(s);
    sessions.push(s);
    return s;
  };
  return { factory, sessions };
}
