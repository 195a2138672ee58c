/**
 * Property-based fuzzing of every bridge call's input validator (the schemas main checks each call
 * against): any value at all is accepted or refused without throwing, an accepted value survives a
 * structured clone and re-validates to the same thing, and a refusal carries issues to report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, calls } from '../../../src/shared/ipc/contract';

const RUNS = 10_000;
const name = fc.constantFrom(...CALL_NAMES);
/** Values near what the page sends (objects with the contract's field names) and anything else. */
const fieldNames = ['text', 'mode', 'key', 'name', 'policy', 'requestId', 'decision', 'remember', 'voice', 'endpoint', 'tools', 'mcpServers', 'audio', 'hotkeys', 'allowedFolders', 'runCommandEnabled', 'policies', '__proto__', 'constructor'];
const nearInput = fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(fc.string({ maxLength: 30 }), fc.boolean(), fc.integer(), fc.constant(null), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), fc.object({ maxDepth: 1 })), { maxKeys: 4 });
const input = fc.oneof(fc.anything({ maxDepth: 2 }), nearInput, fc.constant(undefined));

function validates(n: (typeof CALL_NAMES)[number], value: unknown): boolean {
  const schema = calls[n].input;
  const r = schema.safeParse(value);
  if (!r.success) return r.error.issues.length > 0;
  const again = schema.safeParse(structuredClone(r.data));
  return again.success && JSON.stringify(again.data) === JSON.stringify(r.data);
}

describe('every bridge call validator under fuzzing', () => {
  it('never throws, and what it accepts is stable', () => {
    fc.assert(fc.property(name, input, (n, v) => validates(n, v)), { numRuns: RUNS });
  });

  it('calls without input refuse anything but undefined', () => {
    const none = CALL_NAMES.filter((n) => calls[n].input.safeParse(undefined).success && !calls[n].input.safeParse({}).success);
    expect(none.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.constantFrom(...none), fc.anything().filter((v) => v !== undefined), (n, v) => !calls[n].input.safeParse(v).success),
      { numRuns: RUNS },
    );
  });
});
