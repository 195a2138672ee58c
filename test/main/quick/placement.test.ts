import { describe, expect, it } from 'vitest';
import { activeArea, CURSOR_GAP, placeNearCursor } from '../../../src/main/quick/placement';

const left = { x: 0, y: 0, width: 1920, height: 1040 }; // a 40 px panel at the bottom
const right = { x: 1920, y: 0, width: 1280, height: 1024 };
const size = { width: 460, height: 240 };

describe('placeNearCursor', () => {
  it('centres the window under the cursor on the screen the cursor is on', () => {
    expect(placeNearCursor({ x: 1000, y: 300 }, size, [left, right])).toEqual({ x: 770, y: 300 + CURSOR_GAP });
    expect(placeNearCursor({ x: 2500, y: 300 }, size, [left, right])).toEqual({ x: 2270, y: 312 });
  });

  it('opens above the cursor near the bottom edge, never under the panel', () => {
    const p = placeNearCursor({ x: 1000, y: 1000 }, size, [left, right]);
    expect(p.y).toBe(1000 - CURSOR_GAP - size.height);
    expect(p.y + size.height).toBeLessThanOrEqual(left.height);
  });

  it('stays inside the work area at the corners, also across the screen seam', () => {
    expect(placeNearCursor({ x: 5, y: 5 }, size, [left, right])).toEqual({ x: 0, y: 17 });
    // Right edge of the left screen: clamped to the left screen, not spilled onto the right one.
    expect(placeNearCursor({ x: 1919, y: 10 }, size, [left, right]).x).toBe(1920 - size.width);
    expect(placeNearCursor({ x: 3199, y: 1023 }, size, [left, right])).toEqual({ x: 3200 - 460, y: 1023 - 12 - 240 });
  });

  it('uses the nearest screen when the cursor is outside every work area (on a panel)', () => {
    expect(activeArea({ x: 500, y: 1070 }, [left, right])).toBe(left);
    const p = placeNearCursor({ x: 500, y: 1070 }, size, [left, right]);
    expect(p.y + size.height).toBeLessThanOrEqual(1040);
  });

  it('pins a window larger than the screen to the top-left so the input stays visible', () => {
    const tiny = { x: 100, y: 50, width: 300, height: 200 };
    expect(placeNearCursor({ x: 200, y: 100 }, size, [tiny])).toEqual({ x: 100, y: 50 });
  });

  it('falls back to the cursor itself when no screen is known', () => {
    expect(placeNearCursor({ x: 10.4, y: 20.6 }, size, [])).toEqual({ x: 10, y: 21 });
  });
});
