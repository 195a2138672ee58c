/**
 * Where the launcher appears: near the cursor, on the screen the cursor is on, never off that
 * screen's work area (taskbars and panels excluded). Pure, so every edge case is a unit test.
 */
export interface Point {
  x: number;
  y: number;
}
export interface Rect extends Point {
  width: number;
  height: number;
}
export interface Size {
  width: number;
  height: number;
}

/** Gap between the cursor and the window, so the pointer does not cover the input. */
export const CURSOR_GAP = 12;

function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

function distance(r: Rect, p: Point): number {
  const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.width - 1));
  const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.height - 1));
  return Math.hypot(dx, dy);
}

/** The work area the cursor is on, else the nearest one (a cursor on a panel or between screens). */
export function activeArea(cursor: Point, areas: readonly Rect[]): Rect | undefined {
  return areas.find((a) => contains(a, cursor)) ?? [...areas].sort((a, b) => distance(a, cursor) - distance(b, cursor))[0];
}

/**
 * Top-left corner for a window of `size`: centred on the cursor horizontally and just below it;
 * above it when there is no room below; clamped into the work area (a window larger than the area
 * is pinned to its top-left corner, so its input stays reachable).
 */
export function placeNearCursor(cursor: Point, size: Size, areas: readonly Rect[]): Point {
  const area = activeArea(cursor, areas);
  if (!area) return { x: Math.round(cursor.x), y: Math.round(cursor.y) };
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi));
  const x = clamp(cursor.x - size.width / 2, area.x, area.x + area.width - size.width);
  const below = cursor.y + CURSOR_GAP;
  const above = cursor.y - CURSOR_GAP - size.height;
  const fitsBelow = below + size.height <= area.y + area.height;
  const y = clamp(fitsBelow || above < area.y ? below : above, area.y, area.y + area.height - size.height);
  return { x: Math.round(Math.max(x, area.x)), y: Math.round(Math.max(y, area.y)) };
}
