/**
 * The honest fallback where no verifiable paste path exists: the text goes on the clipboard and the
 * outcome says so, with the reason from the decision table. The clipboard itself is a port (Electron's
 * `clipboard` in the composition root), so this stays Electron-free.
 */
import type { InsertOptions, InsertOutcome, InsertTarget, TextInserter } from './text-inserter';

export interface ClipboardWriter {
  writeText(text: string): void;
  readText?(): string;
}

export class CopyOnlyInserter implements TextInserter {
  constructor(
    private readonly clipboard: ClipboardWriter,
    /** Shown to the user: why the text was only copied on this platform. */
    private readonly reason: string,
  ) {}

  async captureTarget(): Promise<InsertTarget | undefined> {
    return undefined;
  }

  async insert(text: string, _target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    if (text.length === 0) return { kind: 'failed', reason: 'nothing to insert (empty text)' };
    try {
      this.clipboard.writeText(text);
    } catch (err) {
      return { kind: 'failed', reason: `could not set the clipboard: ${String(err)}` };
    }
    // Observed, not assumed: read back when the port can.
    if (this.clipboard.readText && this.clipboard.readText() !== text) {
      return { kind: 'failed', reason: 'the clipboard did not keep the text' };
    }
    return { kind: 'copied', reason: options.mode === 'copy-only' ? 'copy-only mode: the text is on the clipboard' : this.reason };
  }
}
