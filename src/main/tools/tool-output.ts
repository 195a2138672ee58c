/**
 * Turns whatever a tool returned (or failed with) into the string sent as function_call_output.
 * The output is always JSON, and always bounded: a huge result would cost tokens and latency, and
 * the model needs to be told that it only sees part of it.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024;

export function errorOutput(message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: message, ...extra });
}

export function cancelledOutput(): string {
  return JSON.stringify({ error: 'cancelled', detail: 'The call was cancelled before it finished; nothing more will come from it.' });
}

function serialise(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify({ result: value });
  if (value === undefined) return JSON.stringify({ ok: true });
  try {
    const s = JSON.stringify(value);
    return s === undefined ? JSON.stringify({ ok: true }) : s;
  } catch (err) {
    return errorOutput(`tool returned a value that cannot be serialised: ${(err as Error).message}`);
  }
}

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // Step back over continuation bytes (10xxxxxx) so we cut on a character boundary.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

export function formatToolResult(value: unknown, maxBytes = DEFAULT_MAX_OUTPUT_BYTES): string {
  const full = serialise(value);
  const size = Buffer.byteLength(full, 'utf8');
  if (size <= maxBytes) return full;
  // Keep the output valid JSON: wrap a prefix of the serialised result as a string, leaving room for
  // the wrapper and for the escaping JSON.stringify adds.
  const note = `Output truncated: showing the first part of ${size} bytes (limit ${maxBytes}).`;
  const overhead = Buffer.byteLength(JSON.stringify({ truncated: true, note, partial: '' }), 'utf8');
  let budget = Math.max(0, maxBytes - overhead);
  for (let i = 0; i < 8 && budget > 0; i++) {
    const out = JSON.stringify({ truncated: true, note, partial: truncateUtf8(full, budget) });
    const bytes = Buffer.byteLength(out, 'utf8');
    if (bytes <= maxBytes) return out;
    // Escaping grew the text by (bytes - overhead) / budget; shrink the budget by that ratio.
    budget = Math.floor((budget * (maxBytes - overhead)) / (bytes - overhead)) - 8;
  }
  return JSON.stringify({ truncated: true, note, partial: '' });
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
