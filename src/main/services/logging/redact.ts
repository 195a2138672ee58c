/**
 * Removes secrets from log text: HTTP credentials (`Basic …`, `Bearer …`, any case), values of
 * fields whose name says secret (apiKey, authorization, token, password, `*_TOKEN`, `*_KEY`…), and
 * any literal value registered as secret (the actual API key once main has read it) — also when it
 * appears URL-encoded (`%2B`, `%2f`), JSON-escaped (`\/`, `\u002B`) or form-encoded. Applied to
 * every line before it is written.
 */
const SECRET_FIELD = /^(api[-_]?key|key|authorization|auth|token|access[-_]?token|password|secret|cookie|inworld_api_key|[a-z0-9]+[-_](token|key|secret|password))$/i;
const CREDENTIAL = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~%-]{6,}/g;
/** `authorization: basic …` in any case, with or without a scheme: the scheme stays readable. */
const AUTH_HEADER = /\b((?:proxy-)?authorization(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?!(?:[A-Za-z]+\s+)?\[redacted\])([A-Za-z]+\s+)?[^\s"'\\,}&]+/gi;
// The value after `Authorization:` is handled by CREDENTIAL (keeping the scheme readable).
const ASSIGNMENT =
  /\b([A-Za-z0-9_-]*(?:api[-_]?key|_key|authorization|password|passwd|secret|token))((?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?!(?:Basic|Bearer|Token)\s|\[redacted\])([^\s"'\\,}&]+)/gi;
const REDACTED = '[redacted]';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A hex digit pair matched in either case. */
const hexPattern = (byte: number) =>
  [...byte.toString(16).toUpperCase().padStart(2, '0')].map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d)).join('');

/** Every spelling of one character a log line may carry: itself, %XX (UTF-8), \uXXXX, \/ and + for a space. */
function charPattern(ch: string): string {
  const alts = [escapeRegex(ch)];
  const bytes = [...Buffer.from(ch, 'utf8')];
  alts.push(bytes.map((b) => `%${hexPattern(b)}`).join(''));
  const code = ch.codePointAt(0)!;
  if (code <= 0xffff) alts.push(`\\\\u${code.toString(16).padStart(4, '0').split('').map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`);
  if (ch === '/') alts.push('\\\\/');
  if (ch === ' ') alts.push('\\+');
  if (ch === '"' || ch === '\\') alts.push(`\\\\${escapeRegex(ch)}`);
  return `(?:${alts.join('|')})`;
}

function secretPattern(secret: string): RegExp {
  return new RegExp([...secret].map(charPattern).join(''), 'g');
}

export class Redactor {
  private readonly secrets = new Map<string, RegExp>();

  /** Registers a literal secret; very short values are ignored so ordinary words are not blanked. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8 && !this.secrets.has(value)) this.secrets.set(value, secretPattern(value));
  }

  text(input: string): string {
    let out = input;
    // Literal secrets first, in any encoding, so the patterns below cannot cut one in half.
    for (const [s, re] of this.secrets) out = out.split(s).join(REDACTED).replace(re, REDACTED);
    out = out.replace(AUTH_HEADER, (_m, head: string, scheme: string | undefined) => `${head}${scheme ?? ''}${REDACTED}`);
    out = out.replace(CREDENTIAL, (_m, scheme: string) => `${scheme} ${REDACTED}`);
    out = out.replace(ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
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
