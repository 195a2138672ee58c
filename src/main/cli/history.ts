/**
 * `npm run history -- list|search TEXT|export ID|delete ID [--json]`: the app's stored
 * conversations from a terminal, over the same database the app uses (its data folder, see
 * appDataDir: XDG_CONFIG_HOME / APPDATA respected; --data-dir DIR overrides).
 *
 *   list [--kind voice|quick|dictation] [--limit N]   newest first: id, date, kind, title
 *   search TEXT                                        matches with [highlights] (ANSI on a terminal)
 *   export ID                                          the conversation as Markdown (tool calls, timings)
 *   delete ID                                          deletes one conversation
 *
 * --json prints one JSON document instead. Exit codes: 0 ok, 2 usage, 3 no such conversation, 1 other.
 */
import { join } from 'node:path';
import { ConversationKindSchema, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN } from '../../shared/history';
import { HistoryStore } from '../history/history-store';
import { conversationToMarkdown } from '../history/markdown-export';
import { appDataDir, HISTORY_FILE } from '../history/open-history';

export interface HistoryCliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
}

export const HISTORY_EXIT = { ok: 0, usage: 2, notFound: 3, other: 1 } as const;

const USAGE = 'usage: history [--data-dir DIR] [--json] list [--kind K] [--limit N] | search TEXT | export ID | delete ID';

interface Parsed {
  command: 'list' | 'search' | 'export' | 'delete';
  arg: string;
  json: boolean;
  dataDir: string | undefined;
  kind: string | undefined;
  limit: number | undefined;
}

function parse(argv: string[]): Parsed | string {
  const words: string[] = [];
  const out: Omit<Parsed, 'command' | 'arg'> = { json: false, dataDir: undefined, kind: undefined, limit: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--data-dir' || a === '--kind' || a === '--limit') {
      const v = argv[++i];
      if (!v) return `${a} needs a value`;
      if (a === '--data-dir') out.dataDir = v;
      else if (a === '--kind') out.kind = v;
      else out.limit = Number(v);
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    else if (a.startsWith('--')) return `unknown flag ${a}`;
    else words.push(a);
  }
  const [command, ...rest] = words;
  if (command !== 'list' && command !== 'search' && command !== 'export' && command !== 'delete') return USAGE;
  const arg = rest.join(' ').trim();
  if (command !== 'list' && !arg) return `${command} needs ${command === 'search' ? 'the text to find' : 'a conversation id'}`;
  if (out.kind !== undefined && !ConversationKindSchema.safeParse(out.kind).success) return '--kind must be voice, quick or dictation';
  if (out.limit !== undefined && !(Number.isInteger(out.limit) && out.limit > 0)) return '--limit must be a positive whole number';
  return { command, arg, ...out };
}

export function runHistoryCli(argv: string[], io: HistoryCliIo): number {
  const p = parse(argv);
  if (typeof p === 'string') {
    io.stderr.write(`history: ${p}\n`);
    return HISTORY_EXIT.usage;
  }
  const path = join(p.dataDir ?? appDataDir(io.env), HISTORY_FILE);
  let store: HistoryStore;
  try {
    store = new HistoryStore(path);
  } catch (err) {
    io.stderr.write(`history: cannot open ${path}: ${(err as Error).message}\n`);
    return HISTORY_EXIT.other;
  }
  try {
    if (store.movedAside) io.stderr.write(`history: the database was damaged; it was moved to ${store.movedAside}\n`);
    const print = (v: unknown) => io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    const date = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
    switch (p.command) {
      case 'list': {
        const list = store.list({ ...(p.limit ? { limit: p.limit } : {}), ...(p.kind ? { kind: p.kind as 'voice' } : {}) });
        if (p.json) print(list);
        else if (list.length === 0) io.stdout.write('No conversations stored.\n');
        else for (const c of list) io.stdout.write(`${c.id}  ${date(c.updatedAt)}  ${c.kind.padEnd(9)}  ${c.title || '(untitled)'}\n`);
        return HISTORY_EXIT.ok;
      }
      case 'search': {
        const hits = store.search(p.arg);
        if (p.json) print(hits);
        else if (hits.length === 0) io.stdout.write('No matches.\n');
        else {
          const [on, off] = io.stdout.isTTY ? ['\x1b[7m', '\x1b[27m'] : ['[', ']'];
          for (const h of hits) {
            const snippet = h.snippet.replaceAll(HIGHLIGHT_OPEN, on).replaceAll(HIGHLIGHT_CLOSE, off).replace(/\s+/g, ' ');
            io.stdout.write(`${h.conversationId}  ${date(h.createdAt)}  ${h.kind.padEnd(9)}  ${h.role}: ${snippet}\n`);
          }
        }
        return HISTORY_EXIT.ok;
      }
      case 'export': {
        const c = store.get(p.arg);
        if (!c) return notFound(io, p.arg);
        if (p.json) print(c);
        else io.stdout.write(conversationToMarkdown(c));
        return HISTORY_EXIT.ok;
      }
      case 'delete': {
        if (!store.delete(p.arg)) return notFound(io, p.arg);
        if (p.json) print({ deleted: p.arg });
        else io.stdout.write(`Deleted ${p.arg}.\n`);
        return HISTORY_EXIT.ok;
      }
    }
  } catch (err) {
    io.stderr.write(`history: ${(err as Error).message}\n`);
    return HISTORY_EXIT.other;
  } finally {
    store.close();
  }
}

function notFound(io: HistoryCliIo, id: string): number {
  io.stderr.write(`history: no conversation ${id}\n`);
  return HISTORY_EXIT.notFound;
}

if (/[\\/]history\.(ts|js|cjs|mjs)$/.test(process.argv[1] ?? '')) {
  process.exitCode = runHistoryCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
