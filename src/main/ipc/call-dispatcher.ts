import {
  calls,
  CALL_NAMES,
  type BridgeErrorInfo,
  type CallHandlers,
  type CallName,
  type CallSender,
} from '../../shared/ipc/contract';
import type { CallResult } from '../../shared/ipc/call-result';
import type { Logger } from '../../shared/logger';

export interface DispatcherOptions {
  isAllowedSender: (sender: CallSender) => boolean;
  /** Validate handler output against the contract (dev and tests); a mismatch becomes "failed". */
  validateOutput: boolean;
  logger: Logger;
}

export type CallDispatcher = (name: string, sender: CallSender, payload: unknown) => Promise<CallResult>;

const fail = (code: BridgeErrorInfo['code'], message: string): CallResult => ({ ok: false, error: { code, message } });

function isCallName(name: string): name is CallName {
  return (CALL_NAMES as string[]).includes(name);
}

/**
 * The single gate every renderer call passes through, whatever the transport: sender check, input
 * validation, handler, optional output validation. It never throws and never rejects, so a bad call
 * cannot take main down; every refusal is a typed BridgeError and a log line.
 */
export function createCallDispatcher(handlers: Partial<CallHandlers>, options: DispatcherOptions): CallDispatcher {
  const { logger } = options;
  return async (name, sender, payload) => {
    try {
      if (!options.isAllowedSender(sender)) {
        logger.warn('bridge: call refused, untrusted sender', { name, frameUrl: sender.frameUrl, main: sender.isMainFrame });
        return fail('bad_sender', 'This frame may not call the assistant.');
      }
      if (!isCallName(name) || !handlers[name]) {
        logger.warn('bridge: unknown call', { name: String(name).slice(0, 100) });
        return fail('unknown_call', `Unknown call ${String(name).slice(0, 100)}.`);
      }
      const spec = calls[name];
      const parsed = spec.input.safeParse(payload);
      if (!parsed.success) {
        const message = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
          .join('; ');
        logger.warn('bridge: bad payload', { name, message });
        return fail('bad_payload', message);
      }
      const handler = handlers[name] as (input: unknown, sender: CallSender) => unknown;
      const value = await handler(parsed.data, sender);
      if (options.validateOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          logger.error('bridge: handler returned a value outside the contract', { name, issues: out.error.issues.slice(0, 3) });
          return fail('failed', `Internal error in ${name}.`);
        }
        return { ok: true, value: out.data };
      }
      return { ok: true, value };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('bridge: handler failed', { name, error: err instanceof Error ? (err.stack ?? message) : message });
      return fail('failed', message || `${name} failed.`);
    }
  };
}
