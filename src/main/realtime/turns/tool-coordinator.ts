import type { Disposable } from '../../../shared/disposable';
import type { ToolDefinition, ToolExecutor } from '../../tools/tool-executor';
import type { SessionConnection } from './request-ledger';
import type { ConversationModel } from '../conversation/conversation-model';
import type { FunctionCallState } from '../conversation/response-state';
import { runToolRound } from './tool-runner';
import type { TurnTracker } from './turn-tracker';

/**
 * The session's side of tool use: keeps the model's tool list in sync with the executor, mirrors the
 * executor's progress into tool entries, and runs one round of calls at a time with an AbortSignal
 * that fires when the user interrupts or the session closes.
 */
export interface ToolCoordinatorHost {
  executor: ToolExecutor | undefined;
  conn: SessionConnection;
  model: ConversationModel;
  turns: TurnTracker;
  /** Changes whenever the socket changes: outputs for calls of a dead socket are not sent. */
  generation(): number;
  closed(): boolean;
  toolsChanged(defs: ToolDefinition[]): void;
}

export class ToolCoordinator {
  private abortCtl: AbortController | null = null;

  constructor(private readonly host: ToolCoordinatorHost) {}

  /** Subscribes to the executor; the returned disposables belong to the session. */
  wire(): Disposable[] {
    const ex = this.host.executor;
    if (!ex) return [];
    return [
      ex.onDefinitionsChanged(() => this.host.toolsChanged(ex.definitions())),
      ex.onCallUpdate((u) => {
        const call = this.host.model.call(u.callId);
        if (call) this.host.model.upsertTool(call, u.status, u.output);
      }),
    ];
  }

  get busy(): boolean {
    return this.abortCtl !== null;
  }

  abort(): void {
    this.abortCtl?.abort();
  }

  /** Runs (or, when `execute` is false, only answers as cancelled) every call; see runToolRound. */
  async run(calls: FunctionCallState[], execute: boolean): Promise<'follow-up' | 'stopped' | 'stale'> {
    const { conn, model, turns } = this.host;
    const gen = this.host.generation();
    const abort = new AbortController();
    this.abortCtl = abort;
    if (!execute) abort.abort();
    try {
      return await runToolRound(
        this.host.executor,
        {
          send: (ev) => conn.send(ev),
          markAnswered: (id) => turns.markCallAnswered(id),
          entryStatus: (call) => {
            const e = model.entry(call.itemId ?? `call-${call.callId}`);
            return e?.kind === 'tool' ? e.status : undefined;
          },
          upsert: (call, status, output) => model.upsertTool(call, status, output || undefined),
          stillValid: () => gen === this.host.generation() && !this.host.closed(),
        },
        calls,
        execute,
        abort.signal,
      );
    } finally {
      if (this.abortCtl === abort) this.abortCtl = null;
    }
  }
}
