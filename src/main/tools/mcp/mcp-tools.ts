import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { ToolError, type ArgsCheck, type Tool, type ToolRisk } from '../tool';
import type { McpServerConnection } from './mcp-connection';

const MAX_DESCRIPTION = 1024;
/** Every tool schema is sent to the model on each session.update; a giant one costs latency on every turn. */
const MAX_SCHEMA_CHARS = 16 * 1024;
export const MCP_TOOL_TIMEOUT_MS = 60_000;
/** A server's annotations are hints from the server itself, so they never switch approval off. */
export const MCP_DEFAULT_POLICY = 'ask' as const;

/**
 * readOnlyHint → read; destructiveHint → dangerous; anything else → write. The risk is what the tools
 * screen shows; whatever it is, an MCP tool asks until the user allows it (MCP_DEFAULT_POLICY).
 */
export function riskOf(tool: McpTool): ToolRisk {
  const a = tool.annotations;
  if (a?.readOnlyHint === true) return 'read';
  if (a?.destructiveHint === true) return 'dangerous';
  return 'write';
}

type Validator = (args: unknown) => ArgsCheck;

function makeValidator(schema: Record<string, unknown>, ajv: AjvJsonSchemaValidator): Validator {
  try {
    const check = ajv.getValidator<Record<string, unknown>>(schema as Parameters<AjvJsonSchemaValidator['getValidator']>[0]);
    return (args) => {
      const r = check(args);
      return r.valid ? { ok: true, value: r.data } : { ok: false, error: r.errorMessage };
    };
  } catch {
    // A schema our validator cannot compile: check the basics here and let the server validate the rest.
    return (args) =>
      args !== null && typeof args === 'object' && !Array.isArray(args)
        ? { ok: true, value: args }
        : { ok: false, error: 'arguments must be an object' };
  }
}

/** The schema as the model should see it: always an object schema, without the meta-schema URL. */
function modelSchema(input: McpTool['inputSchema']): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  delete copy.$schema;
  copy.type = 'object';
  if (!copy.properties || typeof copy.properties !== 'object') copy.properties = {};
  return copy;
}

/** Wraps one tool of a running MCP server as a runtime Tool under its namespaced name. */
export function adaptMcpTool(
  exposedName: string,
  tool: McpTool,
  connection: McpServerConnection,
  ajv: AjvJsonSchemaValidator,
  /** Longest one call may take: a server that stays alive and never answers cannot hold a turn. */
  timeoutMs: number = MCP_TOOL_TIMEOUT_MS,
): Tool {
  const parameters = modelSchema(tool.inputSchema);
  if (JSON.stringify(parameters).length > MAX_SCHEMA_CHARS) {
    throw new Error(`input schema of ${tool.name} is larger than ${MAX_SCHEMA_CHARS} characters`);
  }
  const validate = makeValidator(parameters, ajv);
  const serverName = connection.config.name;
  const text = tool.description ?? tool.annotations?.title ?? tool.title ?? tool.name;
  const description = `[${serverName}] ${text}`.slice(0, MAX_DESCRIPTION);
  return {
    name: exposedName,
    description,
    risk: riskOf(tool),
    defaultPolicy: MCP_DEFAULT_POLICY,
    source: `mcp:${connection.config.id}`,
    parameters,
    timeoutMs,
    validate,
    summarize: (args) => `${serverName} → ${tool.name} ${JSON.stringify(args).slice(0, 500)}`,
    async execute(args, ctx) {
      const r = await connection.callTool(tool.name, args as Record<string, unknown>, ctx.signal, MCP_TOOL_TIMEOUT_MS);
      if (r.isError) throw new ToolError(`${serverName} reported an error: ${r.text || '(no details)'}`);
      return r.text;
    },
  };
}
