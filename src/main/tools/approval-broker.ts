import { TypedEmitter } from '../../shared/typed-emitter';
import type { Disposable } from '../../shared/disposable';
import type { z } from 'zod';
import type { ApprovalRequestSchema } from '../../shared/ipc/contract';

/** What the UI shows: the contract's own type (src/shared/ipc/contract.ts). */
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;

export interface ApprovalDecision {
  decision: 'allow' | 'deny' | 'timeout';
  /** Turn this decision into the tool's stored policy (allow → allow, deny → never). */
  remember?: boolean;
}

/** Why the runtime withdrew a request: it expired, or the call itself was cancelled. */
export class ApprovalWithdrawn extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(`approval ${reason}`);
  }
}

/**
 * The port the runtime asks for a decision. The runtime owns the deadline: when it passes or the
 * call is cancelled, `signal` aborts with an ApprovalWithdrawn reason and the broker must settle
 * (any value; the runtime has already moved on) and take its prompt down.
 */
export interface ApprovalBroker {
  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision>;
}

export interface ApprovalQueueEvents {
  /** Show this prompt (window, and a notification when the window is hidden). */
  request: ApprovalRequest;
  /** Take this prompt down. */
  resolved: { requestId: string; decision: 'allow' | 'deny' | 'timeout' };
}

interface Pending {
  req: ApprovalRequest;
  resolve: (d: ApprovalDecision) => void;
  cleanup: () => void;
}

/**
 * The in-process ApprovalBroker the shell connects to IPC: forward `request`/`resolved` events to the
 * renderer (`approval.request` / `approval.resolved`) and route `approval.respond` to respond().
 */
export class ApprovalQueue implements ApprovalBroker {
  private readonly emitter = new TypedEmitter<ApprovalQueueEvents>();
  private readonly pending = new Map<string, Pending>();

  on<K extends keyof ApprovalQueueEvents>(event: K, listener: (e: ApprovalQueueEvents[K]) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  /** Requests still waiting for the user, e.g. to re-show them after the window reloads. */
  list(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.req);
  }

  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    return new Promise<ApprovalDecision>((resolve) => {
      if (signal.aborted) {
        resolve({ decision: withdrawnDecision(signal.reason) });
        return;
      }
      const onAbort = (): void => {
        this.settle(req.requestId, { decision: withdrawnDecision(signal.reason) });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(req.requestId, {
        req,
        resolve,
        cleanup: () => {
          signal.removeEventListener('abort', onAbort);
        },
      });
      this.emitter.emit('request', req);
    });
  }

  /** The user's answer. Returns false when the request is unknown or already settled (late click). */
  respond(requestId: string, decision: 'allow' | 'deny', remember = false): boolean {
    return this.settle(requestId, { decision, remember });
  }

  /** Denies everything still pending (app quitting, kill switch). */
  denyAll(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { decision: 'deny' });
  }

  private settle(requestId: string, decision: ApprovalDecision): boolean {
    const p = this.pending.get(requestId);
    if (!p) return false;
    this.pending.delete(requestId);
    p.cleanup();
    p.resolve(decision);
    this.emitter.emit('resolved', { requestId, decision: decision.decision });
    return true;
  }
}

function withdrawnDecision(reason: unknown): 'deny' | 'timeout' {
  return reason instanceof ApprovalWithdrawn && reason.reason === 'timeout' ? 'timeout' : 'deny';
}
