import { describe, expect, it } from 'vitest';
import { SignalMonitor } from '../../../../src/renderer/src/audio/dsp/signal-monitor';

describe('SignalMonitor', () => {
  it('flags exact zeros and a constant value as flat, but not a quiet noise floor', () => {
    const m = new SignalMonitor(1000);
    m.push(new Float32Array(500));
    m.push(new Float32Array(500).fill(0.25));
    expect(m.report().flatMs).toBe(1000);
    const quiet = new Float32Array(500).map((_, i) => (i % 2 ? 1 : -1) * 0.0005); // about −66 dBFS
    m.push(quiet);
    const r = m.report();
    expect(r.flatMs).toBe(0);
    expect(r.rmsDb).toBeCloseTo(-66, 0);
  });
  it('reports −100 dB for digital silence and the peak', () => {
    const m = new SignalMonitor(1000);
    m.push(new Float32Array(10));
    expect(m.report().rmsDb).toBe(-100);
    m.push(new Float32Array([0.1, -0.5]));
    expect(m.report().peak).toBe(0.5);
  });
});
