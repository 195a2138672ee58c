import { describe, expect, it } from 'vitest';
import { HotkeyMachine, type HotkeyBehaviour } from '../../../../src/main/services/hotkey/hotkey-machine';

function machine(behaviour: HotkeyBehaviour) {
  let t = 0;
  const log: string[] = [];
  const m = new HotkeyMachine({
    behaviour,
    holdThresholdMs: 250,
    now: () => t,
    onStart: () => log.push('start'),
    onStop: (reason) => log.push(`stop:${reason}`),
  });
  return { m, log, at: (ms: number) => (t = ms) };
}

describe('HotkeyMachine', () => {
  it('hold: down starts, up stops; auto-repeat downs are ignored', () => {
    const { m, log } = machine('hold');
    m.keyDown();
    m.keyDown();
    m.keyDown();
    expect(log).toEqual(['start']);
    m.keyUp();
    expect(log).toEqual(['start', 'stop:release']);
    m.keyUp(); // a stray release changes nothing
    expect(log).toEqual(['start', 'stop:release']);
  });

  it('toggle: each press flips, releases are ignored', () => {
    const { m, log } = machine('toggle');
    m.keyDown();
    m.keyUp();
    expect(log).toEqual(['start']);
    m.keyDown();
    m.keyDown(); // repeat
    m.keyUp();
    expect(log).toEqual(['start', 'stop:toggle']);
  });

  it('auto: a tap toggles on, the next press toggles off and its release does nothing', () => {
    const { m, log, at } = machine('auto');
    at(0);
    m.keyDown();
    at(120);
    m.keyUp();
    expect(m.isTalking).toBe(true);
    expect(log).toEqual(['start']);
    at(5000);
    m.keyDown();
    expect(log).toEqual(['start', 'stop:toggle']);
    at(5900);
    m.keyUp(); // long, but it was the stopping press
    expect(log).toEqual(['start', 'stop:toggle']);
    expect(m.isTalking).toBe(false);
  });

  it('auto: holding past the threshold talks while held and stops on release', () => {
    const { m, log, at } = machine('auto');
    at(0);
    m.keyDown();
    expect(log).toEqual(['start']); // capture starts at once, before we know it is a hold
    at(100);
    m.keyDown(); // auto-repeat
    at(800);
    m.keyUp();
    expect(log).toEqual(['start', 'stop:release']);
  });

  it('auto: exactly at the threshold counts as a hold', () => {
    const { m, log, at } = machine('auto');
    at(0);
    m.keyDown();
    at(250);
    m.keyUp();
    expect(log).toEqual(['start', 'stop:release']);
  });

  it('reset stops talking and forgets a held key, so a lost key-up cannot leave the mic open', () => {
    const { m, log } = machine('hold');
    m.keyDown();
    m.reset();
    expect(log).toEqual(['start', 'stop:reset']);
    expect(m.isTalking).toBe(false);
    m.keyUp(); // the key-up that arrives after wake-up is ignored
    m.keyDown(); // and a new press works
    expect(log).toEqual(['start', 'stop:reset', 'start']);
  });

  it('reset when idle does nothing; tap() always toggles (globalShortcut fallback)', () => {
    const { m, log } = machine('auto');
    m.reset();
    expect(log).toEqual([]);
    m.tap();
    m.tap();
    expect(log).toEqual(['start', 'stop:toggle']);
  });
});
