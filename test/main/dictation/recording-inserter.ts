import type { InsertOptions, InsertOutcome, InsertTarget, TextInserter } from '../../../src/main/dictation/text-inserter';

/** A test inserter that records every insertion and reports what it was told to (default `inserted`). */
export class RecordingInserter implements TextInserter {
  readonly inserted: Array<{ text: string; target: InsertTarget | undefined; options: InsertOptions }> = [];
  /** Runs inside insert(), before it returns (e.g. to look at the journal on disk at that moment). */
  during?: (text: string) => void;

  constructor(
    public target: InsertTarget | undefined = { windowId: '4242', windowClass: 'gedit' },
    public outcome: (o: InsertOptions) => InsertOutcome = (o) =>
      o.mode === 'copy-only' ? { kind: 'copied', reason: 'copy-only' } : { kind: 'inserted', chord: 'ctrl+v', restored: o.mode === 'insert' },
  ) {}

  captureTarget(): Promise<InsertTarget | undefined> {
    return Promise.resolve(this.target);
  }

  insert(text: string, target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    this.during?.(text);
    this.inserted.push({ text, target, options });
    return Promise.resolve(this.outcome(options));
  }
}

/** 16-bit PCM WAV bytes of `channels` identical channels at `rate`, a tone of `ms`. */
export function toneWav(ms: number, rate: number, channels: number, freq = 440): Buffer {
  const frames = Math.round((rate * ms) / 1000);
  const data = Buffer.alloc(frames * channels * 2);
  for (let f = 0; f < frames; f++) {
    const v = Math.round(8000 * Math.sin((2 * Math.PI * freq * f) / rate));
    for (let c = 0; c < channels; c++) data.writeInt16LE(v, (f * channels + c) * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
