/** Property-based fuzzing of the server-event parser: any frame at all → a result, never a throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerEvent } from '../../../src/shared/protocol/parse';
import { SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-events';

const RUNS = 10_000;
const types = [...SERVER_EVENT_TYPES];
/** JSON-ish objects shaped like server events: a known or random type and random fields. */
const eventLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...types), fc.string({ maxLength: 40 })),
    event_id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    response_id: fc.string({ maxLength: 20 }),
    item_id: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
    delta: fc.oneof(fc.string({ maxLength: 64 }), fc.base64String({ maxLength: 64 }), fc.integer()),
    response: fc.oneof(fc.object({ maxDepth: 2 }), fc.record({ id: fc.string({ maxLength: 10 }), status: fc.string({ maxLength: 10 }) })),
    error: fc.oneof(fc.object({ maxDepth: 2 }), fc.record({ type: fc.string(), message: fc.string(), code: fc.string() })),
    errorType: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: [] },
);

const KINDS = new Set(['malformed', 'unknown', 'not-event', 'error-type-frame']);

/** Plain booleans, not expect(): the property runs 10 000 times. */
function classified(r: ReturnType<typeof parseServerEvent>): boolean {
  return r.ok ? SERVER_EVENT_TYPES.has(r.event.type) : KINDS.has(r.kind) && typeof r.reason === 'string';
}
const check = (raw: string): boolean => classified(parseServerEvent(raw));

describe('parseServerEvent under fuzzing', () => {
  it('arbitrary text never throws and always classifies the frame', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => check(s)), { numRuns: RUNS });
  });

  it('arbitrary JSON values never throw', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => check(JSON.stringify(v))), { numRuns: RUNS });
  });

  it('event-shaped objects: an accepted event has a known type, a rejection says why', () => {
    fc.assert(
      fc.property(eventLike, (obj) => {
        const r = parseServerEvent(JSON.stringify(obj));
        if (!classified(r)) return false;
        if (!r.ok && r.kind === 'unknown' && r.type !== obj.type) return false;
        return r.ok || r.kind !== 'not-event' || typeof obj.type !== 'string';
      }),
      { numRuns: RUNS },
    );
  });

  it('a truncated valid frame is reported as malformed, never half-parsed', () => {
    const frame = JSON.stringify({ type: 'response.output_text.delta', event_id: 'e1', response_id: 'r1', item_id: 'i1', output_index: 0, content_index: 0, delta: 'hello world' });
    expect(parseServerEvent(frame).ok).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: frame.length - 1 }), (cut) => !parseServerEvent(frame.slice(0, cut)).ok),
      { numRuns: RUNS },
    );
  });
});
