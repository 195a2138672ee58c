import { TypedEmitter } from '../../shared/typed-emitter';
import type { Disposable } from '../../shared/disposable';
import type { TranscriberPort } from './dictation-pipeline';
import type { Transcriber, TranscriptResult } from './transcriber';

/**
 * The pipeline's transcriber in the app: the real one is made (and replaced, when the endpoint or
 * key changes) only once a key is at hand, while the pipeline, the journal and "paste last" exist
 * from the start. Without a transcriber a turn finishes with a clear reason instead of throwing.
 */
export class TranscriberSlot implements TranscriberPort {
  private current: Transcriber | undefined;
  private sub: Disposable | undefined;
  private readonly emitter = new TypedEmitter<{ caption: { text: string } }>();

  get transcriber(): Transcriber | undefined {
    return this.current;
  }

  set(t: Transcriber | undefined): void {
    this.sub?.dispose();
    const old = this.current;
    this.current = t;
    this.sub = t?.on('caption', (c) => this.emitter.emit('caption', c));
    if (old && old !== t) void old.close();
  }

  on(event: 'caption', listener: (e: { text: string }) => void): Disposable {
    return this.emitter.on(event, listener);
  }

  begin(): void {
    this.current?.begin();
  }

  append(pcm: Uint8Array | ArrayBuffer): void {
    this.current?.append(pcm);
  }

  finish(): Promise<TranscriptResult> {
    return this.current ? this.current.finish() : Promise.resolve({ ok: false, reason: 'not connected to the transcription service' });
  }

  cancel(): void {
    this.current?.cancel();
  }
}
