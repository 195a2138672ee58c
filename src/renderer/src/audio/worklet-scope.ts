/**
 * Types for the AudioWorkletGlobalScope, which TypeScript's DOM lib does not describe. Kept as a
 * module (not ambient globals) so the worklet names do not leak into the rest of the renderer.
 */
export interface AudioWorkletProcessorBase {
  readonly port: MessagePort;
}

export interface AudioWorkletProcessorCtor {
  new (options?: AudioWorkletNodeOptions): AudioWorkletProcessorBase;
}

export interface WorkletScope {
  AudioWorkletProcessor: AudioWorkletProcessorCtor;
  registerProcessor(
    name: string,
    ctor: new (options?: AudioWorkletNodeOptions) => AudioWorkletProcessorBase & {
      process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
    },
  ): void;
  /** The context's sample rate. */
  sampleRate: number;
  currentTime: number;
}

export const worklet = globalThis as unknown as WorkletScope;
