/**
 * Removes secrets from log text: HTTP credentials (`Basic …`, `Bearer …`, any case), values of
 * fields whose name says secret (apiKey, authorization, token, password, `*_TOKEN`, `*_KEY`…), and
 * any literal value registered as secret (the actual API key once main has read it) — also when it
 * appears URL-encoded (`%2B`, `%2f`), JSON-escaped (`\/`, `\u002B`, nested) or form-encoded. Applied to
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

/** The JSON-escaped body of a string (no surrounding quotes), `depth` times over. */
function jsonEscaped(s: string, depth: number): string {
  let out = s;
  for (let i = 0; i < depth; i++) out = JSON.stringify(out).slice(1, -1);
  return out;
}

const unicodeEscaped = (s: string, upper: boolean) =>
  [...s].map((c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  }).join('');

/**
 * Every spelling of a secret a log line may carry, as literal strings (split/join is fast enough for
 * every line): itself; URL- and form-encoded with either hex case; JSON-escaped one to three levels
 * deep, also with `\/`; and fully \u-escaped.
 */
function spellings(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const form = new URLSearchParams({ k: secret }).toString().slice(2);
  const out = new Set<string>([secret, url, url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), form, form.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())]);
  for (let depth = 1; depth <= 3; depth++) {
    const j = jsonEscaped(secret, depth);
    out.add(j);
    out.add(j.replace(/\//g, `${'\\'.repeat(2 ** depth - 1)}/`));
  }
  out.add(unicodeEscaped(secret, false));
  out.add(unicodeEscaped(secret, true));
  // Longest first, so a longer spelling is not cut by a shorter one inside it.
  return [...out].sort((x, y) => y.length - x.length);
}

export class Redactor {
  private readonly secrets = new Map<string, string[]>();

  /** Registers a literal secret; very short values are ignored so ordinary words are not blanked. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8 && !this.secrets.has(value)) this.secrets.set(value, spellings(value));
  }

  text(input: string): string {
    let out = input;
    // Literal secrets first, in any encoding, so the patterns below cannot cut one in half.
    for (const forms of this.secrets.values()) for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
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
