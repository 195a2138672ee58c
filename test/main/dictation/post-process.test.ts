import { describe, expect, it } from 'vitest';
import { applyReplacements, postProcess, removeFillers } from '../../../src/main/dictation/post-process';
import { ruleFor } from '../../../src/main/dictation/app-rules';
import { vocabularyPrompt } from '../../../src/main/dictation/dictation-config';

describe('filler removal', () => {
  it.each([
    ['Um, I think we should, uh, ship it.', 'I think we should, ship it.'],
    ['So um the plan is uh fine', 'So the plan is fine'],
    ['Hmm. Okay.', 'Okay.'],
    ['I like umbrellas and errors.', 'I like umbrellas and errors.'],
    ['um, uh, hello', 'Hello'],
    ['Fine. Um. Next step.', 'Fine. Next step.'],
  ])('%s', (input, out) => {
    expect(removeFillers(input)).toBe(out);
  });
});

describe('replacements', () => {
  it('whole words only, case-insensitive, in order', () => {
    const r = [
      { from: 'in world', to: 'Inworld' },
      { from: 'new line', to: '\n' },
      { from: 'cat', to: 'dog' },
    ];
    expect(applyReplacements('In World is great new line concatenate the cat', r)).toBe('Inworld is great \n concatenate the dog');
  });

  it('a rule that would empty the text leaves the raw words', () => {
    expect(postProcess('um', { removeFillers: true, replacements: [] })).toBe('um');
    expect(postProcess('secret', { removeFillers: false, replacements: [{ from: 'secret', to: '' }] })).toBe('secret');
  });

  it('special characters in a rule are literal', () => {
    expect(applyReplacements('call c++ now', [{ from: 'c++', to: 'C++' }])).toBe('call C++ now');
  });
});

describe('per-app rules', () => {
  const settings = { mode: 'insert' as const, perApp: { 'xterm': { mode: 'copy-only' as const }, Slack: { autoEnter: true } } };
  it('class rule wins, auto-Enter off by default, unknown target → global mode', () => {
    expect(ruleFor({ windowId: '1', windowClass: 'xterm' }, settings)).toEqual({ mode: 'copy-only', autoEnter: false });
    expect(ruleFor({ windowId: '2', windowClass: 'slack' }, settings)).toEqual({ mode: 'insert', autoEnter: true });
    expect(ruleFor({ windowId: '3', windowClass: 'firefox' }, settings)).toEqual({ mode: 'insert', autoEnter: false });
    expect(ruleFor(undefined, settings)).toEqual({ mode: 'insert', autoEnter: false });
  });
});

describe('vocabulary prompt', () => {
  it('comma/line lists become one prompt; empty → none', () => {
    expect(vocabularyPrompt(' Inworld,\nElectron ;; ')).toBe('Vocabulary: Inworld, Electron.');
    expect(vocabularyPrompt('  ')).toBeUndefined();
  });
});
