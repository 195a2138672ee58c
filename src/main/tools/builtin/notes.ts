import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { defineTool, type Tool } from '../tool';

/**
 * Notes live in one JSON-lines file in the app's data folder: one {"at","text"} object per line,
 * so a note may contain newlines and a torn last line (crash mid-write) only loses that line.
 */
export interface NoteEntry {
  at: string;
  text: string;
}

export const NOTES_FILE_NAME = 'notes.jsonl';
const MAX_NOTE_CHARS = 4000;

export class NotesFile {
  /** Appends are chained so concurrent calls never interleave inside a line. */
  private queue: Promise<unknown> = Promise.resolve();
  /** A failed append (disk full) may have left part of a line: the next one starts on a new line. */
  private mayBeTorn = false;

  constructor(
    readonly filePath: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(text: string): Promise<NoteEntry> {
    const entry: NoteEntry = { at: this.now().toISOString(), text };
    const run = this.queue.then(async () => {
      await fs.mkdir(path.dirname(this.filePath), { recursive: true });
      const line = `${JSON.stringify(entry)}\n`;
      try {
        await fs.appendFile(this.filePath, this.mayBeTorn ? `\n${line}` : line, { encoding: 'utf8', mode: 0o600 });
      } catch (err) {
        this.mayBeTorn = true;
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOSPC' ? 'the disk is full: the note was not saved' : `the note was not saved (${code ?? String(err)})`);
      }
      this.mayBeTorn = false;
      return entry;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Newest first; every word of the query must appear (case-insensitive). */
  async search(query: string, limit: number, signal?: AbortSignal): Promise<{ matches: NoteEntry[]; total: number }> {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches: NoteEntry[] = [];
    let stream: ReturnType<typeof createReadStream>;
    try {
      await fs.access(this.filePath);
      stream = createReadStream(this.filePath, { encoding: 'utf8', signal });
    } catch {
      return { matches: [], total: 0 };
    }
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) {
      const entry = parseLine(line);
      if (!entry) continue;
      const hay = entry.text.toLowerCase();
      if (terms.every((t) => hay.includes(t))) matches.push(entry);
    }
    matches.reverse();
    return { matches: matches.slice(0, limit), total: matches.length };
  }
}

function parseLine(line: string): NoteEntry | null {
  if (!line.trim()) return null;
  try {
    const v = JSON.parse(line) as Partial<NoteEntry>;
    return typeof v.text === 'string' && typeof v.at === 'string' ? { at: v.at, text: v.text } : null;
  } catch {
    return null;
  }
}

export function createNotesTools(notes: NotesFile): Tool[] {
  const append = defineTool({
    name: 'notes_append',
    description: 'Save a note for the user (stored with the current time in the assistant\'s notes file).',
    risk: 'write',
    schema: z.object({ text: z.string().trim().min(1).max(MAX_NOTE_CHARS).describe('the note') }),
    summarize: ({ text }) => `Save a note: "${text.length > 200 ? `${text.slice(0, 200)}…` : text}"`,
    async execute({ text }) {
      const entry = await notes.append(text);
      return { saved: true, at: entry.at };
    },
  });
  const search = defineTool({
    name: 'notes_search',
    description: 'Search the user\'s saved notes (case-insensitive; every word must match). Newest first.',
    risk: 'read',
    schema: z.object({
      query: z.string().trim().min(1).max(200).describe('words to look for'),
      limit: z.number().int().min(1).max(50).default(10).describe('maximum notes to return'),
    }),
    async execute({ query, limit }, ctx) {
      const { matches, total } = await notes.search(query, limit, ctx.signal);
      return { matches, total, shown: matches.length };
    },
  });
  return [append, search];
}
