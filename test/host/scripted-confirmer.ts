import type { PrivilegedChangeGate } from '../../src/main/services/ports';

export type ConfirmRequest = Parameters<PrivilegedChangeGate['confirm']>[0];
export type ConfirmAnswer = boolean | ((request: ConfirmRequest) => boolean | Promise<boolean>);

/**
 * The test host's stand-in for main's native confirmation dialog: answers from a script (a queue of
 * answers, then the default), and records exactly what it was asked so specs can assert the text
 * the user would have seen.
 */
export class ScriptedConfirmer implements PrivilegedChangeGate {
  readonly asked: ConfirmRequest[] = [];
  private readonly queue: ConfirmAnswer[] = [];

  constructor(private fallback: ConfirmAnswer = true) {}

  /** The next confirmations get these answers, in order. */
  answerNext(...answers: ConfirmAnswer[]): void {
    this.queue.push(...answers);
  }

  setDefault(answer: ConfirmAnswer): void {
    this.fallback = answer;
  }

  async confirm(request: ConfirmRequest): Promise<boolean> {
    this.asked.push(structuredClone(request));
    const answer = this.queue.shift() ?? this.fallback;
    return typeof answer === 'function' ? Boolean(await answer(request)) : answer;
  }
}
