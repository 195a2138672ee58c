import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HeldAudio } from '../../../../src/main/realtime/turns/held-audio';

describe('HeldAudio', () => {
  it('is the concatenation of what was pushed, less what was dropped, read from any offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ push: fc.uint8Array({ maxLength: 64 }) }), fc.record({ drop: fc.nat(80) })), { maxLength: 40 }),
        fc.nat(200),
        (ops, offset) => {
          const held = new HeldAudio();
          let model: number[] = [];
          for (const op of ops) {
            if ('push' in op) {
              held.push(op.push);
              model = [...model, ...op.push];
            } else {
              held.dropFront(op.drop);
              model = model.slice(op.drop);
            }
            expect(held.length).toBe(model.length);
          }
          expect([...held.sliceFrom(offset)]).toEqual(model.slice(offset));
          expect([...held.sliceFrom(0)]).toEqual(model);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('clear forgets everything', () => {
    const held = new HeldAudio();
    held.push(new Uint8Array([1, 2, 3]));
    held.dropFront(1);
    held.clear();
    expect(held.length).toBe(0);
    held.push(new Uint8Array([9]));
    expect([...held.sliceFrom(0)]).toEqual([9]);
  });
});
