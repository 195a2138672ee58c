/** Keeps the last few KiB a server wrote to stderr, for the status screen when it crashes. */
export class StderrTail {
  private text = '';
  constructor(private readonly maxChars = 4096) {}

  push(chunk: Buffer | string): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.text.length > this.maxChars) this.text = this.text.slice(this.text.length - this.maxChars);
  }

  value(): string {
    return this.text;
  }

  /** The last non-empty line, to put in an error message. */
  lastLine(): string {
    const lines = this.text.split(/\r?\n/).filter((l) => l.trim());
    return lines[lines.length - 1]?.trim().slice(0, 300) ?? '';
  }
}
