import { BridgeError } from './bridge-api';
import { BridgeErrorSchema, type BridgeErrorInfo } from './contract';

/**
 * What a call resolves to on the wire, for every host (Electron IPC and the test host's WebSocket).
 * Main never rejects a call: a refusal or failure comes back as `{ ok: false, error }`, so no stack
 * trace or internal error text crosses the bridge unless main chose to put it in `message`. The
 * renderer side turns it back into a thrown BridgeError.
 */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: BridgeErrorInfo };

/**
 * A main-side handler may throw this to choose the message the renderer sees. Any other thrown
 * error is logged in full but reaches the renderer only as a generic "failed" with its message,
 * never a stack.
 */
export class CallFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallFailure';
  }
}

export function unwrapCallResult(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const r = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return r.value;
    const parsed = BridgeErrorSchema.safeParse(r.error);
    if (parsed.success) throw new BridgeError(parsed.data.code, parsed.data.message);
  }
  throw new BridgeError('failed', 'malformed reply from the main process');
}
