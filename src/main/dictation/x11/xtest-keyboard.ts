/**
 * Synthetic key chords through XTest, sent only once the user has let go of every modifier: the
 * keymap is queried (never "clear modifiers", which would fight the user's own fingers and leave
 * keys stuck). Key names are X keysym names; keycodes come from the server's current mapping.
 */
import { X, type X11Connection } from './x11-connection';

/** Keysyms for the keys a paste chord or auto-Enter can use. */
const KEYSYMS: Record<string, number> = {
  ctrl: 0xffe3, // Control_L
  shift: 0xffe1, // Shift_L
  alt: 0xffe9, // Alt_L
  super: 0xffeb, // Super_L
  insert: 0xff63,
  return: 0xff0d,
  enter: 0xff0d,
  v: 0x76,
};

export class XTestKeyboard {
  private keycodes: Map<number, number> | undefined;
  private modifierKeycodes: number[] | undefined;

  constructor(private readonly conn: X11Connection) {}

  /** Keycodes of every key bound to a modifier (Shift, Lock, Control, Mod1–5) that is held now. */
  async heldModifiers(): Promise<number[]> {
    const mods = await this.modifierCodes();
    const keymap = await this.conn.call<Buffer>((cb) => this.conn.client.QueryKeymap(cb));
    return mods.filter((code) => ((keymap[code >> 3] ?? 0) & (1 << (code & 7))) !== 0);
  }

  /**
   * Waits until no modifier is down, polling the keymap. Resolves true when released, false when
   * `timeoutMs` passed with a modifier still held (the caller then falls back to copy-only).
   */
  async waitModifiersReleased(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      if ((await this.heldModifiers()).length === 0) return true;
      if (signal?.aborted || performance.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 8));
    }
  }

  /** Whether every key of `chord` (e.g. "ctrl+shift+v") exists in the current keyboard mapping. */
  async canType(chord: string): Promise<boolean> {
    const map = await this.keycodeMap();
    return parseChord(chord).every((sym) => map.has(sym));
  }

  /** Presses the keys of `chord` in order and releases them in reverse; then a round trip. */
  async send(chord: string): Promise<void> {
    const map = await this.keycodeMap();
    const codes = parseChord(chord).map((sym) => {
      const code = map.get(sym);
      if (code === undefined) throw new Error(`no key for "${chord}" in the current keyboard mapping`);
      return code;
    });
    const xt = await this.conn.xtest();
    for (const code of codes) xt.FakeInput(xt.KeyPress, code, X.CurrentTime, X.None, 0, 0);
    for (const code of [...codes].reverse()) xt.FakeInput(xt.KeyRelease, code, X.CurrentTime, X.None, 0, 0);
    await this.conn.sync();
  }

  private async modifierCodes(): Promise<number[]> {
    if (!this.modifierKeycodes) {
      const rows = await this.conn.call<number[][]>((cb) => this.conn.client.GetModifierMapping(cb));
      this.modifierKeycodes = [...new Set(rows.flat().filter((c) => c !== 0))];
    }
    return this.modifierKeycodes;
  }

  /** keysym → keycode, preferring the keycode where the keysym is the unshifted symbol. */
  private async keycodeMap(): Promise<Map<number, number>> {
    if (this.keycodes) return this.keycodes;
    const d = this.conn.display;
    const first = d.min_keycode;
    const rows = await this.conn.call<number[][]>((cb) =>
      this.conn.client.GetKeyboardMapping(first, d.max_keycode - first + 1, cb),
    );
    const map = new Map<number, number>();
    for (let col = 0; col < 8; col++) {
      rows.forEach((row, i) => {
        const sym = row[col];
        if (sym && !map.has(sym)) map.set(sym, first + i);
      });
    }
    this.keycodes = map;
    return map;
  }

  /** Forget cached mappings (after a MappingNotify, e.g. a layout switch). */
  invalidate(): void {
    this.keycodes = undefined;
    this.modifierKeycodes = undefined;
  }
}

/** "ctrl+shift+v" → keysyms, modifiers first as written. */
export function parseChord(chord: string): number[] {
  return chord
    .toLowerCase()
    .split('+')
    .map((k) => k.trim())
    .map((k) => {
      const sym = KEYSYMS[k] ?? (k.length === 1 ? k.charCodeAt(0) : undefined);
      if (sym === undefined) throw new Error(`unknown key "${k}" in chord "${chord}"`);
      return sym;
    });
}
