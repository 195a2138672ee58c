import { describe, expect, it } from 'vitest';
import { isTerminalClass, pasteDecision, pasteRulesSchema } from '../../../src/main/dictation/paste-rules';

describe('paste rules per window class', () => {
  it('uses Ctrl+V for ordinary apps and Ctrl+Shift+V for terminals', () => {
    expect(pasteDecision('chromium')).toEqual({ chord: 'ctrl+v', autoEnter: false, source: 'default' });
    expect(pasteDecision('firefox').chord).toBe('ctrl+v');
    for (const term of ['xterm', 'Gnome-terminal', 'konsole', 'Alacritty', 'kitty', 'org.wezfurlong.wezterm', 'xfce4-terminal', 'com.mitchellh.ghostty', 'foot', 'tilix'])
      expect(pasteDecision(term), term).toEqual({ chord: 'ctrl+shift+v', autoEnter: false, source: 'terminal' });
  });

  it('recognises unknown terminals by name but not look-alikes', () => {
    expect(isTerminalClass('my-fancy-terminal')).toBe(true);
    expect(isTerminalClass('thermal-monitor')).toBe(false);
    expect(isTerminalClass('code')).toBe(false);
  });

  it('lets a user rule (any case) override the chord and turn on auto-Enter', () => {
    const rules = pasteRulesSchema.parse({ KONSOLE: { chord: 'shift+insert' }, Slack: { autoEnter: true } });
    expect(pasteDecision('konsole', rules)).toEqual({ chord: 'shift+insert', autoEnter: false, source: 'user' });
    expect(pasteDecision('slack', rules)).toEqual({ chord: 'ctrl+v', autoEnter: true, source: 'default' });
    expect(pasteDecision('xterm', { xterm: { autoEnter: true } })).toEqual({ chord: 'ctrl+shift+v', autoEnter: true, source: 'terminal' });
  });

  it('rejects chords it cannot send', () => {
    expect(pasteRulesSchema.safeParse({ code: { chord: 'ctrl+alt+del' } }).success).toBe(false);
  });
});
