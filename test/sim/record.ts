// Everything observable about one connection, kept for tests and the /__sim/ control API.
// Timestamps: `t` is performance.now() (monotonic, same clock tests use for latency) and `wall`
// is Date.now().

import type { Switches } from './switches.js';

export interface Stamp {
  t: number;
  wall: number;
}

export interface ClientEventRecord extends Stamp {
  /** The parsed JSON (any JSON value, since invalid events are recorded too). Null for binary / unparsable frames. */
  event: unknown;
  /** Raw text when the frame was not valid JSON; '<binary N bytes>' for binary frames. */
  raw?: string;
}

export interface ServerEventRecord extends Stamp {
  event: Record<string, unknown>;
}

export interface ErrorRecord extends Stamp {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
  /** The client event_id the error refers to, if the client sent one. */
  event_id: string | null;
}

export interface LintRecord extends Stamp {
  rule: string;
  message: string;
  event_id: string | null;
}

export interface AppendRecord extends Stamp {
  bytes: number;
  /** Byte offset of this chunk in SessionRecord.inputAudio. */
  offset: number;
}

export interface CommitRecord extends Stamp {
  itemId: string;
  source: 'client' | 'vad';
  /** Exactly the input bytes that became this user item. */
  audio: Buffer;
}

export class SessionRecord {
  readonly openedAt: Stamp = { t: performance.now(), wall: Date.now() };
  closedAt: Stamp | null = null;
  closeCode: number | null = null;
  /** When the dead-peer fault made this session go silent (null: it never did). */
  deadAt: Stamp | null = null;
  /** The effective session configuration after the last accepted session.update (null before). */
  sessionConfig: Record<string, unknown> | null = null;
  readonly clientEvents: ClientEventRecord[] = [];
  readonly serverEvents: ServerEventRecord[] = [];
  readonly errors: ErrorRecord[] = [];
  readonly lint: LintRecord[] = [];
  readonly appends: AppendRecord[] = [];
  readonly commits: CommitRecord[] = [];
  /** Assistant audio actually sent, per assistant item id (in the output format). */
  readonly outputAudio = new Map<string, Buffer>();
  private inputChunks: Buffer[] = [];
  private inputLength = 0;
  private inputCache: Buffer | null = null;

  constructor(
    /** The `key` query parameter of the connection. */
    readonly key: string,
    /** Server-assigned session id (session.id). */
    readonly id: string,
    readonly url: string,
    readonly switches: Switches,
  ) {}

  get open(): boolean {
    return this.closedAt === null;
  }

  /** Every accepted input_audio_buffer.append payload, concatenated (raw bytes in the input format). */
  get inputAudio(): Buffer {
    this.inputCache ??= Buffer.concat(this.inputChunks, this.inputLength);
    return this.inputCache;
  }

  addInput(chunk: Buffer, t: number): void {
    this.appends.push({ t, wall: Date.now(), bytes: chunk.length, offset: this.inputLength });
    this.inputChunks.push(chunk);
    this.inputLength += chunk.length;
    this.inputCache = null;
  }

  addOutput(itemId: string, chunk: Buffer): void {
    const prev = this.outputAudio.get(itemId);
    this.outputAudio.set(itemId, prev ? Buffer.concat([prev, chunk]) : chunk);
  }

  /** The audio committed as user item `itemId`, or undefined. */
  committedAudio(itemId: string): Buffer | undefined {
    return this.commits.find((c) => c.itemId === itemId)?.audio;
  }

  serverEventsOfType(type: string): Record<string, unknown>[] {
    return this.serverEvents.filter((e) => e.event.type === type).map((e) => e.event);
  }

  summary(): Record<string, unknown> {
    return {
      key: this.key,
      id: this.id,
      open: this.open,
      openedAt: this.openedAt.wall,
      closedAt: this.closedAt?.wall ?? null,
      closeCode: this.closeCode,
      deadAt: this.deadAt?.wall ?? null,
      scenario: this.switches.scenario,
      faults: this.switches.faults,
      clientEvents: this.clientEvents.length,
      serverEvents: this.serverEvents.length,
      inputAudioBytes: this.inputLength,
      appends: this.appends.length,
      commits: this.commits.map((c) => ({ itemId: c.itemId, source: c.source, bytes: c.audio.length, t: c.t })),
      errors: this.errors,
      lint: this.lint,
    };
  }
}
