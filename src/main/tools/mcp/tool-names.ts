import { createHash } from 'node:crypto';

/**
 * Model-facing names for MCP tools: `mcp__<serverId>__<tool>`, restricted to [a-zA-Z0-9_-] and 64
 * characters (what function-calling APIs accept). Long or clashing names get a short hash of the
 * original so two different tools never share a name.
 */
export const MAX_TOOL_NAME = 64;

export function sanitizeNamePart(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

export function namespacedToolName(serverId: string, toolName: string): string {
  const full = `mcp__${sanitizeNamePart(serverId)}__${sanitizeNamePart(toolName)}`;
  if (full.length <= MAX_TOOL_NAME && full === `mcp__${serverId}__${toolName}`) return full;
  // Sanitising changed it (so it could collide with another tool) or it is too long: add a hash.
  const suffix = `_${shortHash(`${serverId}\u0000${toolName}`)}`;
  return `${full.slice(0, MAX_TOOL_NAME - suffix.length)}${suffix}`;
}
