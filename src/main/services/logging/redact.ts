/**
 * Removes secrets from log text: HTTP credentials (`Basic …`, `Bearer …`), values of fields whose
 * name says secret (apiKey, authorization, token, password…), and any literal value registered as
 * secret (the actual API key once main has read it). Applied to every line before it is written.
 */
const SECRET_FIELD = /^(api[-_]?key|key|authorization|auth|token|access[-_]?token|password|secret|cookie|inworld_api_key)$/i;
const CREDENTIAL = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/g;
// The value after `Authorization:` is handled by CREDENTIAL (keeping the scheme readable).
const ASSIGNMENT = /\b(api[-_]?key|authorization|password|secret|token|INWORLD_API_KEY)(["']?\s*[:=]\s*["']?)(?!Basic\s|Bearer\s|\[redacted\])([^\s"',}&]+)/gi;
const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a literal secret; very short values are ignored so ordinary words are not blanked. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }

  text(input: string): string {
    let out = input.replace(CREDENTIAL, (_m, scheme: string) => `${scheme} ${REDACTED}`);
    out = out.replace(ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out;
  }

  /** Deep copy of a log payload with secret fields and values redacted; cycles and depth are capped. */
  value(input: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (input instanceof Error) return this.text(input.stack ?? input.message);
    if (seen.has(input) || depth > 6) return '[…]';
    seen.add(input);
    if (Array.isArray(input)) return input.slice(0, 50).map((v) => this.value(v, depth + 1, seen));
    if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return `[${(input as ArrayBuffer).byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      out[k] = SECRET_FIELD.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : this.value(v, depth + 1, seen);
    }
    return out;
  }
}
