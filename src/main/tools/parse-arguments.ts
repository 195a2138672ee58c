/**
 * The model's arguments arrive as a JSON string that may be empty (tools without parameters) or
 * simply broken. Returns the parsed object or a message the model can act on.
 */
export type ParsedArguments = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

const MAX_ARGUMENTS_CHARS = 256 * 1024;

export function parseArguments(raw: string): ParsedArguments {
  if (typeof raw !== 'string') return { ok: false, error: 'arguments must be a JSON string' };
  if (raw.length > MAX_ARGUMENTS_CHARS) return { ok: false, error: `arguments too large (${raw.length} characters)` };
  if (raw.trim() === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `arguments are not valid JSON: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: 'arguments must be a JSON object' };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}
