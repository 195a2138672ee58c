import { z } from 'zod';

/**
 * The shape every tool has inside the runtime, whatever its origin (built-in or an MCP server).
 * The runtime owns everything cross-cutting (argument parsing, policy, approval, timeout, abort,
 * output cap); a tool only validates its arguments and does its one job.
 */
export type ToolRisk = 'read' | 'write' | 'dangerous';
export type ToolPolicy = 'allow' | 'ask' | 'never';

export interface ToolContext {
  /** Aborted when the call is cancelled (response interrupted) or times out. Tools must honour it. */
  signal: AbortSignal;
  callId: string;
  /** The user approved this very call (an "ask" policy or an approvalReason was answered with allow). */
  approved?: boolean;
}

export type ArgsCheck = { ok: true; value: unknown } | { ok: false; error: string };

export interface Tool {
  readonly name: string;
  /** May change with settings (e.g. lists the allowed folders); re-read on every definitions() call. */
  readonly description: string;
  readonly risk: ToolRisk;
  /** 'builtin' or 'mcp:<serverId>', shown in the tools list. */
  readonly source: string;
  /** JSON Schema of the arguments object, as sent to the model. */
  readonly parameters: Record<string, unknown>;
  /** Per-tool time limit; the runtime default applies when absent. */
  readonly timeoutMs?: number;
  /**
   * The policy until the user picks one; absent = by risk (reads run freely). MCP tools say 'ask':
   * a server's own readOnlyHint is its claim, not the user's decision.
   */
  readonly defaultPolicy?: ToolPolicy;
  /** Asks every time, whatever the stored policy (run_command). */
  readonly alwaysAsk?: boolean;
  /** False hides the tool from the model (e.g. run_command while the setting is off). */
  isEnabled?(): boolean;
  validate(args: unknown): ArgsCheck;
  /** What exactly will happen, in words, for the approval prompt (e.g. the command line). */
  summarize?(args: unknown): string | Promise<string>;
  /**
   * Why this particular call must ask even though the tool is allowed (a read of a credential
   * file), or undefined. The text becomes the approval summary.
   */
  approvalReason?(args: unknown): Promise<string | undefined>;
  /** Returns a JSON-serialisable value or a string. Throw ToolError for a clean, user-facing failure. */
  execute(args: unknown, ctx: ToolContext): Promise<unknown>;
}

/** A failure whose message is safe and useful to hand to the model verbatim. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Default policy when the user has not chosen one: reads run freely, side effects ask. */
export function defaultPolicyFor(risk: ToolRisk): ToolPolicy {
  return risk === 'read' ? 'allow' : 'ask';
}

/** The JSON Schema the model sees, from a zod schema (input side, so defaults are optional). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  // The model does not need the meta-schema URL; it only costs tokens.
  delete json.$schema;
  return json;
}

export interface ZodToolSpec<S extends z.ZodType> {
  name: string;
  description: string | (() => string);
  risk: ToolRisk;
  schema: S;
  timeoutMs?: number;
  alwaysAsk?: boolean;
  isEnabled?: () => boolean;
  summarize?: (args: z.output<S>) => string | Promise<string>;
  approvalReason?: (args: z.output<S>) => Promise<string | undefined>;
  execute: (args: z.output<S>, ctx: ToolContext) => Promise<unknown>;
}

/** Builds a built-in tool from a zod schema: one schema gives both validation and the JSON Schema. */
export function defineTool<S extends z.ZodType>(spec: ZodToolSpec<S>): Tool {
  const parameters = jsonSchemaOf(spec.schema);
  const describe = spec.description;
  return {
    name: spec.name,
    get description() {
      return typeof describe === 'function' ? describe() : describe;
    },
    risk: spec.risk,
    source: 'builtin',
    parameters,
    timeoutMs: spec.timeoutMs,
    alwaysAsk: spec.alwaysAsk,
    isEnabled: spec.isEnabled,
    validate(args) {
      const r = spec.schema.safeParse(args);
      return r.success ? { ok: true, value: r.data } : { ok: false, error: z.prettifyError(r.error) };
    },
    summarize: spec.summarize ? (args) => spec.summarize!(args as z.output<S>) : undefined,
    approvalReason: spec.approvalReason ? (args) => spec.approvalReason!(args as z.output<S>) : undefined,
    execute: (args, ctx) => spec.execute(args as z.output<S>, ctx),
  };
}
