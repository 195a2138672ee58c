import { describe, expect, it } from 'vitest';
import { AudioOutbox } from '../../../../src/main/realtime/mic/audio-outbox';

/** `ms` of PCM16 at 24 kHz (48 bytes per ms), every byte set to `tag` so chunks can be told apart. */
const chunk = (ms: number, tag: number) => new Uint8Array(ms * 48).fill(tag);

describe('AudioOutbox (microphone back-pressure)', () => {
  it('keeps at most maxQueuedMs, dropping the OLDEST audio and reporting how much was lost', () => {
    const box = new AudioOutbox({ maxQueuedMs: 200 });
    for (let i = 1; i <= 5; i++) box.hold(chunk(100, i));
    expect(box.queuedMs).toBe(200);
    expect(box.takeDroppedMs()).toBe(300);
    expect(box.takeDroppedMs()).toBe(0); // the counter resets once read
    const sent: number[] = [];
    box.drain(
      () => true,
      (c) => (sent.push(c[0]!), true),
    );
    expect(sent).toEqual([4, 5]); // the newest speech survives
    expect(box.size).toBe(0);
  });

  it('drains oldest first while the socket allows, and keeps what could not be written', () => {
    const box = new AudioOutbox();
    for (let i = 1; i <= 3; i++) box.hold(chunk(40, i));
    const sent: number[] = [];
    let budget = 1;
    box.drain(
      () => budget > 0,
      (c) => (budget--, sent.push(c[0]!), true),
    );
    expect(sent).toEqual([1]);
    // A write that fails leaves the chunk at the head of the queue.
    box.drain(
      () => true,
      () => false,
    );
    expect(box.size).toBe(2);
    box.drain(
      () => true,
      (c) => (sent.push(c[0]!), true),
    );
    expect(sent).toEqual([1, 2, 3]);
    expect(box.queuedMs).toBe(0);
  });

  it('never drops the only chunk, however long; clear() empties the queue', () => {
    const box = new AudioOutbox({ maxQueuedMs: 100 });
    box.hold(chunk(500, 1));
    expect(box.size).toBe(1);
    expect(box.takeDroppedMs()).toBe(0);
    box.clear();
    expect(box.size).toBe(0);
    expect(box.queuedMs).toBe(0);
  });
});
