// A deliberately tiny structural checker for client JSON. The simulator has to report *which* rule
// of §7.4 was broken (missing field vs wrong type vs unknown field vs bad value) with a dotted
// `param` path, so it uses its own checker instead of a schema library whose issue model would
// have to be translated back. It is also independent of the client's own schemas on purpose.

export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly errorType: 'invalid_request_error' | 'server_error' = 'invalid_request_error',
  ) {
    super(message);
  }
}

export type Shape =
  | { kind: 'string'; enum?: readonly string[]; nonEmpty?: boolean }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'object'; fields?: Record<string, Field>; open?: boolean }
  | { kind: 'array'; items?: Shape }
  | { kind: 'any' }
  /** The first alternative whose `kind` matches the JSON type of the value is used. */
  | { kind: 'oneOf'; of: readonly Shape[] };

export type Field = Shape & { required?: boolean; nullable?: boolean };

export const str = (extra: { enum?: readonly string[]; nonEmpty?: boolean } = {}): Shape => ({ kind: 'string', ...extra });
export const int = (min?: number, max?: number): Shape => ({ kind: 'integer', min, max });
export const num = (min?: number, max?: number): Shape => ({ kind: 'number', min, max });
export const bool = (): Shape => ({ kind: 'boolean' });
export const obj = (fields: Record<string, Field>, open = false): Shape => ({ kind: 'object', fields, open });
export const arr = (items?: Shape): Shape => ({ kind: 'array', items });
export const req = (s: Shape): Field => ({ ...s, required: true });
export const nullable = (s: Shape): Field => ({ ...s, nullable: true });

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonKind(v: unknown): Shape['kind'] {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function describe(s: Shape): string {
  return s.kind === 'oneOf' ? s.of.map(describe).join(' or ') : s.kind;
}

function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/**
 * Checks `value` against `shape`, throwing the first violation as a SimError.
 * `strict` controls whether unknown object fields are an error (rule 8) or allowed.
 */
export function check(value: unknown, shape: Field, path: string, strict: boolean): void {
  if (value === null) {
    if (shape.nullable) return;
    throw new SimError('invalid_type', `${path} must not be null`, path);
  }
  switch (shape.kind) {
    case 'any':
      return;
    case 'oneOf': {
      const kind = jsonKind(value);
      const alt = shape.of.find((s) => s.kind === kind || (s.kind === 'number' && kind === 'integer'));
      if (!alt) throw new SimError('invalid_type', `${path} must be ${describe(shape)}`, path);
      check(value, alt, path, strict);
      return;
    }
    case 'string':
      if (typeof value !== 'string') throw new SimError('invalid_type', `${path} must be a string`, path);
      if (shape.nonEmpty && value.length === 0) throw new SimError('invalid_value', `${path} must not be empty`, path);
      if (shape.enum && !shape.enum.includes(value)) {
        throw new SimError('invalid_value', `${path} must be one of ${shape.enum.join(', ')}; got ${JSON.stringify(value)}`, path);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw new SimError('invalid_type', `${path} must be a boolean`, path);
      return;
    case 'integer':
    case 'number': {
      const ok = typeof value === 'number' && Number.isFinite(value) && (shape.kind === 'number' || Number.isInteger(value));
      if (!ok) throw new SimError('invalid_type', `${path} must be ${shape.kind === 'integer' ? 'an integer' : 'a number'}`, path);
      const n = value as number;
      // A negative count (e.g. audio_end_ms) is a type problem per rule 7; other bounds are values (rule 9).
      if (shape.min !== undefined && n < shape.min) {
        const code = shape.kind === 'integer' && shape.min === 0 ? 'invalid_type' : 'invalid_value';
        throw new SimError(code, `${path} must be >= ${shape.min}`, path);
      }
      if (shape.max !== undefined && n > shape.max) throw new SimError('invalid_value', `${path} must be <= ${shape.max}`, path);
      return;
    }
    case 'array':
      if (!Array.isArray(value)) throw new SimError('invalid_type', `${path} must be an array`, path);
      if (shape.items) value.forEach((v, i) => check(v, shape.items as Shape, `${path}[${i}]`, strict));
      return;
    case 'object': {
      if (!isPlainObject(value)) throw new SimError('invalid_type', `${path === '' ? 'event' : path} must be an object`, path || null);
      checkFields(value, shape.fields ?? {}, path, strict && !shape.open);
      return;
    }
  }
}

/** Checks the fields of an object: required ones first (rule 6), then unknown (8), then each value. */
export function checkFields(value: Record<string, unknown>, fields: Record<string, Field>, path: string, strict: boolean): void {
  for (const [key, f] of Object.entries(fields)) {
    if (f.required && value[key] === undefined) {
      throw new SimError('missing_required_parameter', `Missing required parameter '${joinPath(path, key)}'`, joinPath(path, key));
    }
  }
  if (strict) {
    for (const key of Object.keys(value)) {
      if (!(key in fields)) throw new SimError('unknown_parameter', `Unknown parameter '${joinPath(path, key)}'`, joinPath(path, key));
    }
  }
  for (const [key, f] of Object.entries(fields)) {
    if (value[key] !== undefined) check(value[key], f, joinPath(path, key), strict);
  }
}
