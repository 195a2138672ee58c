/** Property-based fuzzing of the log redactor: a registered key never survives, however it is spelled. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Redactor } from '../../../../src/main/services/logging/redact';

const RUNS = 10_000;
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.:~ "\\é€';
const key = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 8, maxLength: 64 });
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const uEscape = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** The spellings a log line can carry a key in. */
const encodings: Array<(k: string) => string> = [
  (k) => k,
  (k) => encodeURIComponent(k),
  (k) => lowerHex(encodeURIComponent(k)),
  (k) => JSON.stringify(k),
  (k) => JSON.stringify(JSON.stringify(k)),
  (k) => JSON.stringify(k).replace(/\//g, '\\/'),
  (k) => uEscape(k),
  (k) => new URLSearchParams({ k }).toString().slice(2),
];
const context = fc.string({ maxLength: 40 });

describe('the redactor under fuzzing', () => {
  it('a registered key never survives in a text line, in any encoding, next to any text', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 0, max: encodings.length - 1 }), context, context, (k, e, before, after) => {
        const r = new Redactor();
        r.addSecret(k);
        const spelled = encodings[e]!(k);
        const out = r.text(`${before}${spelled}${after}`);
        return !out.includes(k) && !out.includes(spelled);
      }),
      { numRuns: RUNS },
    );
  });

  it('nor in a structured log payload', () => {
    fc.assert(
      fc.property(key, fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: encodings.length - 1 }), (k, field, e) => {
        const r = new Redactor();
        r.addSecret(k);
        const spelled = encodings[e]!(k);
        const out = JSON.stringify(r.value({ [field || 'x']: spelled, nested: [{ note: `sent ${spelled}` }] }));
        return !out.includes(k) && !out.includes(spelled);
      }),
      { numRuns: RUNS },
    );
  });

  it('credentials in headers and assignments never survive, whatever the case', () => {
    const cred = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='), minLength: 12, maxLength: 40 });
    const header = fc.constantFrom('Authorization: Basic ', 'authorization: basic ', 'AUTHORIZATION: BEARER ', '"authorization":"Bearer ', 'Bearer ', 'GITHUB_TOKEN=', 'MY_API_KEY: ', 'password=');
    fc.assert(fc.property(header, cred, context, (h, c, after) => !new Redactor().text(`${h}${c} ${after}`).includes(c)), { numRuns: RUNS });
  });
});
