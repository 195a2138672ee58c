import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ToolInfoSchema } from '../../shared/ipc/contract';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { TypedEmitter } from '../../shared/typed-emitter';
import { ApprovalWithdrawn, type ApprovalBroker, type ApprovalDecision } from './approval-broker';
import { escapeForDisplay } from './display-text';
import { parseArguments } from './parse-arguments';
import type { ToolSettingsAccessor } from './ports';
import { defaultPolicyFor, ToolError, type Tool, type ToolPolicy } from './tool';
import type { ToolCallRequest, ToolCallStatus, ToolCallUpdate, ToolDefinition, ToolExecutor } from './tool-executor';
import { cancelledOutput, DEFAULT_MAX_OUTPUT_BYTES, describeError, errorOutput, formatToolResult } from './tool-output';
import type { ToolSource } from './tool-source';

/** What the tools screen lists: the contract's own type, so the two cannot drift apart. */
export type ToolInfo = z.infer<typeof ToolInfoSchema>;

export interface ToolRuntimeLogger {
  warn(msg: string, data?: unknown): void;
}

export interface ToolRuntimeOptions {
  settings: ToolSettingsAccessor;
  approvals: ApprovalBroker;
  /** Earlier sources win on a name clash, so list the built-ins first. */
  sources: ToolSource[];
  /** Per call, unless the tool sets its own. Default 30 s. */
  defaultTimeoutMs?: number;
  /** Unanswered approvals count as denied after this. Default 60 s. */
  approvalTimeoutMs?: number;
  maxOutputBytes?: number;
  now?: () => number;
  logger?: ToolRuntimeLogger;
}

interface RuntimeEvents {
  definitions: undefined;
  call: ToolCallUpdate;
}

type Outcome = { status: Exclude<ToolCallStatus, 'pending-approval' | 'running'>; output: string };

/**
 * The ToolExecutor the realtime session talks to. Every call ends in exactly one string for
 * function_call_output — success, bad arguments, denial, timeout or cancellation alike — and the
 * status stream (onCallUpdate) tells the conversation UI what is happening meanwhile.
 */
export class ToolRuntime implements ToolExecutor, Disposable {
  private readonly emitter: TypedEmitter<RuntimeEvents>;
  private readonly subscriptions = new DisposableStore();
  private readonly defaultTimeoutMs: number;
  private readonly approvalTimeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly now: () => number;
  private signature: string;

  constructor(private readonly opts: ToolRuntimeOptions) {
    this.emitter = new TypedEmitter<RuntimeEvents>((err) => opts.logger?.warn('tool runtime listener failed', err));
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 30_000;
    this.approvalTimeoutMs = opts.approvalTimeoutMs ?? 60_000;
    this.maxOutputBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.now = opts.now ?? Date.now;
    this.signature = this.computeSignature();
    this.subscriptions.add(opts.settings.onDidChange(() => this.checkDefinitions()));
    for (const s of opts.sources) this.subscriptions.add(s.onToolsChanged(() => this.checkDefinitions()));
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.emitter.removeAll();
  }

  definitions(): ToolDefinition[] {
    const policies = this.policies();
    return this.allTools()
      .filter((t) => this.isEnabled(t) && this.policyOf(t, policies) !== 'never')
      .map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters }));
  }

  /** Every known tool, offered or not, for the tools screen. */
  listTools(): ToolInfo[] {
    const policies = this.policies();
    return this.allTools().map((t) => ({
      name: t.name,
      description: t.description,
      risk: t.risk,
      policy: this.policyOf(t, policies),
      source: t.source,
      enabled: this.isEnabled(t),
    }));
  }

  async setPolicy(name: string, policy: ToolPolicy): Promise<void> {
    await this.opts.settings.setToolPolicy(name, policy);
    // The settings store normally reports the change itself; checking again is cheap and covers stores that don't.
    this.checkDefinitions();
  }

  onDefinitionsChanged(listener: () => void): Disposable {
    return this.emitter.on('definitions', () => listener());
  }

  onCallUpdate(listener: (update: ToolCallUpdate) => void): Disposable {
    return this.emitter.on('call', listener);
  }

  async execute(call: ToolCallRequest, signal: AbortSignal): Promise<string> {
    const report = (status: ToolCallStatus, output?: string): void =>
      this.emitter.emit('call', { callId: call.callId, name: call.name, argumentsJson: call.argumentsJson, status, output });
    let outcome: Outcome;
    try {
      outcome = await this.run(call, signal, report);
    } catch (err) {
      // run() handles every expected path; this is the last net so execute() never rejects.
      this.opts.logger?.warn('tool runtime internal error', err);
      outcome = { status: 'failed', output: errorOutput(`internal error: ${describeError(err)}`) };
    }
    report(outcome.status, outcome.output);
    return outcome.output;
  }

  private async run(call: ToolCallRequest, signal: AbortSignal, report: (s: ToolCallStatus) => void): Promise<Outcome> {
    if (signal.aborted) return { status: 'cancelled', output: cancelledOutput() };
    const name = typeof call.name === 'string' ? call.name : '';
    const tool = this.allTools().find((t) => t.name === name);
    if (!tool || !this.isEnabled(tool)) {
      const offered = this.definitions().map((d) => d.name).slice(0, 40).join(', ');
      return { status: 'failed', output: errorOutput(`unknown or unavailable tool '${name.slice(0, 100)}'. Available tools: ${offered || 'none'}`) };
    }
    const policy = this.policyOf(tool, this.policies());
    if (policy === 'never') {
      return { status: 'denied', output: errorOutput(`the user has turned the tool '${tool.name}' off; do not try it again`) };
    }
    const parsed = parseArguments(call.argumentsJson);
    if (!parsed.ok) return { status: 'failed', output: errorOutput(`${tool.name}: ${parsed.error}`) };
    const checked = tool.validate(parsed.value);
    if (!checked.ok) return { status: 'failed', output: errorOutput(`${tool.name}: invalid arguments: ${checked.error}`) };

    const reason = await this.approvalReason(tool, checked.value);
    if (policy === 'ask' || reason) {
      report('pending-approval');
      const decision = await this.askApproval(tool, call, checked.value, signal, reason);
      if (decision === 'cancelled') return { status: 'cancelled', output: cancelledOutput() };
      if (decision === 'timeout') {
        return {
          status: 'denied',
          output: errorOutput('approval timed out: the user did not answer, so the action was NOT performed', {
            denied: true,
          }),
        };
      }
      if (decision === 'deny') {
        return {
          status: 'denied',
          output: errorOutput('the user denied this action; it was NOT performed. Do not retry unless the user asks.', {
            denied: true,
          }),
        };
      }
    }

    report('running');
    return this.runWithLimits(tool, call, checked.value, signal, policy === 'ask' || reason !== undefined);
  }

  private async approvalReason(tool: Tool, args: unknown): Promise<string | undefined> {
    if (!tool.approvalReason) return undefined;
    try {
      return await tool.approvalReason(args);
    } catch {
      // The tool itself reports the problem (not found, outside the folders) when it runs.
      return undefined;
    }
  }

  private async askApproval(
    tool: Tool,
    call: ToolCallRequest,
    args: unknown,
    signal: AbortSignal,
    reason?: string,
  ): Promise<'allow' | 'deny' | 'timeout' | 'cancelled'> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new ApprovalWithdrawn('timeout')), this.approvalTimeoutMs);
    const onAbort = (): void => ac.abort(new ApprovalWithdrawn('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    const withdrawn = new Promise<'timeout' | 'cancelled'>((resolve) => {
      ac.signal.addEventListener('abort', () => {
        const r: unknown = ac.signal.reason;
        resolve(r instanceof ApprovalWithdrawn ? r.reason : 'cancelled');
      });
    });
    try {
      const req = {
        requestId: randomUUID(),
        callId: call.callId,
        tool: tool.name,
        argumentsJson: call.argumentsJson,
        risk: tool.risk,
        summary: escapeForDisplay(reason ?? (await this.summarize(tool, call, args))),
        expiresAt: this.now() + this.approvalTimeoutMs,
      };
      const answer = this.opts.approvals
        .request(req, ac.signal)
        .catch((err): ApprovalDecision => {
          this.opts.logger?.warn('approval broker failed; treating as denied', err);
          return { decision: 'deny' };
        });
      const result = await Promise.race([answer, withdrawn]);
      if (typeof result === 'string') return result;
      // A per-call reason (a credential file) is about this call only: never remembered as a policy.
      if (result.remember && !reason) await this.remember(tool, result.decision);
      return result.decision;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Take the prompt down if it is still up (we settled through the other branch).
      if (!ac.signal.aborted) ac.abort(new ApprovalWithdrawn('cancelled'));
    }
  }

  private async remember(tool: Tool, decision: ApprovalDecision['decision']): Promise<void> {
    // A remembered "allow" must not turn an always-ask tool (run_command) into a silent one.
    const policy: ToolPolicy | null = decision === 'allow' ? (tool.alwaysAsk ? null : 'allow') : decision === 'deny' ? 'never' : null;
    if (!policy) return;
    try {
      await this.setPolicy(tool.name, policy);
    } catch (err) {
      this.opts.logger?.warn(`could not remember policy for ${tool.name}`, err);
    }
  }

  private async summarize(tool: Tool, call: ToolCallRequest, args: unknown): Promise<string> {
    try {
      if (tool.summarize) return await tool.summarize(args);
    } catch (err) {
      this.opts.logger?.warn(`summary failed for ${tool.name}`, err);
    }
    const shown = call.argumentsJson.length > 500 ? `${call.argumentsJson.slice(0, 500)}…` : call.argumentsJson;
    return `${tool.name} ${shown || '{}'}`;
  }

  private async runWithLimits(tool: Tool, call: ToolCallRequest, args: unknown, signal: AbortSignal, approved: boolean): Promise<Outcome> {
    const ac = new AbortController();
    const timeoutMs = tool.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const limits = new Promise<'timeout' | 'cancelled'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      onAbort = () => resolve('cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const work = Promise.resolve()
      .then(() => tool.execute(args, { signal: ac.signal, callId: call.callId, approved }))
      .then(
        (value) => ({ ok: true as const, value }),
        (err: unknown) => ({ ok: false as const, err }),
      );
    try {
      const result = await Promise.race([work, limits]);
      if (result === 'cancelled') return { status: 'cancelled', output: cancelledOutput() };
      if (result === 'timeout') {
        return {
          status: 'failed',
          output: errorOutput(`${tool.name} timed out after ${Math.round(timeoutMs / 100) / 10} s and was stopped`, { timedOut: true }),
        };
      }
      if (!result.ok) {
        if (signal.aborted) return { status: 'cancelled', output: cancelledOutput() };
        const msg = result.err instanceof ToolError ? result.err.message : `${tool.name} failed: ${describeError(result.err)}`;
        return { status: 'failed', output: errorOutput(msg) };
      }
      return { status: 'done', output: formatToolResult(result.value, this.maxOutputBytes) };
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
      // Whatever won the race, the tool must stop working now (kills child processes, aborts requests).
      if (!ac.signal.aborted) ac.abort(new Error('tool call finished'));
    }
  }

  private allTools(): Tool[] {
    const seen = new Set<string>();
    const out: Tool[] = [];
    for (const source of this.opts.sources) {
      let list: Tool[];
      try {
        list = source.tools();
      } catch (err) {
        this.opts.logger?.warn('tool source failed to list tools', err);
        continue;
      }
      for (const t of list) {
        if (seen.has(t.name)) continue;
        seen.add(t.name);
        out.push(t);
      }
    }
    return out;
  }

  private isEnabled(tool: Tool): boolean {
    try {
      return tool.isEnabled?.() ?? true;
    } catch {
      return false;
    }
  }

  private policies(): Record<string, ToolPolicy> {
    return this.opts.settings.get().tools.policies;
  }

  private policyOf(tool: Tool, policies: Record<string, ToolPolicy>): ToolPolicy {
    const stored = policies[tool.name];
    const policy = stored ?? tool.defaultPolicy ?? defaultPolicyFor(tool.risk);
    return tool.alwaysAsk && policy === 'allow' ? 'ask' : policy;
  }

  private computeSignature(): string {
    return JSON.stringify(this.definitions());
  }

  private checkDefinitions(): void {
    const next = this.computeSignature();
    if (next === this.signature) return;
    this.signature = next;
    this.emitter.emit('definitions', undefined);
  }
}
