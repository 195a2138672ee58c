/**
 * `npm run ask -- "question"`: one text turn against the Realtime API (or the simulator), streaming
 * the answer to stdout. Exit 0 on success; otherwise one line on stderr saying why, and a non-zero
 * code per failure class so scripts can tell them apart.
 *
 * Flags: --endpoint URL, --key-stdin, --voice NAME, --model ID, --timeout SECONDS, --json, --no-history,
 * --context selection|clipboard (read as the launcher reads it: the clipboard is never modified),
 * --preset NAME (one of the launcher's presets, by name or id; its {selection}/{clipboard} is filled).
 * The exchange is saved in the app's history as a quick query (see ./history.ts) unless --no-history.
 * Env: INWORLD_API_KEY, INWORLD_REALTIME_URL.
 * The key comes from INWORLD_API_KEY or, with --key-stdin, from the first line of stdin; never from
 * argv, which every user of the machine can read (ps, /proc/<pid>/cmdline).
 *
 * The model may call the read-only built-in tools that need no desktop (cli-tools.ts); tools with a
 * side effect are not offered, since nobody is there to approve them.
 */
import { DEFAULT_ENDPOINT } from '../../shared/settings';
import type { ToolExecutor } from '../tools/tool-executor';
import type { ToolRuntime } from '../tools/tool-runtime';
import { ConnectError } from '../realtime/connection/connect-errors';
import { createRealtimeSession, type SessionDeps } from '../realtime/realtime-session';
import { createCliToolRuntime } from './cli-tools';
import { composeQuery, DEFAULT_PRESETS, findPreset, presetNeeds, type ContextKind, type Preset } from '../../shared/quick';
import type { ContextReader } from '../quick/context-reader';
import { platformContextReader } from '../quick/platform-context-reader';
import { resolveAskContext } from './ask-context';
import type { TurnMetrics } from '../../shared/conversation';
import { saveAskExchange } from './ask-history';
import { firstLine, KEY_IN_ARGV_REFUSED } from './key-input';

export interface AskIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Tools the model may call; absent means the CLI's read-only built-ins (cli-tools.ts). */
  executor?: ToolExecutor;
  /** Test seam (e.g. a custom transport). */
  deps?: SessionDeps;
  /** Where --key-stdin reads the key (default: process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Where --context reads from; default: X11 (PRIMARY / CLIPBOARD as a requestor) when DISPLAY is set. */
  context?: ContextReader;
  /** The presets --preset chooses from; default: the built-in ones. */
  presets?: readonly Preset[];
}

export const EXIT = { ok: 0, usage: 2, badKey: 3, unreachable: 4, timeout: 5, serverError: 6, other: 1 } as const;

/** One headless question; `npm run ask` parses these from its flags, the app's `--ask` from settings. */
export interface AskArgs {
  question: string;
  endpoint: string;
  key: string | undefined;
  voice: string;
  model: string;
  timeoutMs: number;
  json: boolean;
  keyFromStdin: boolean;
  history: boolean;
  context: ContextKind | undefined;
  preset: string | undefined;
}

const USAGE =
  'usage: ask [--endpoint URL] [--key-stdin] [--voice NAME] [--model ID] [--timeout S] [--json] [--no-history] [--context selection|clipboard] [--preset NAME] "question"';

function parseArgs(argv: string[], env: AskIo['env']): AskArgs | string {
  const out: AskArgs = {
    question: '',
    endpoint: env.INWORLD_REALTIME_URL || DEFAULT_ENDPOINT,
    key: env.INWORLD_API_KEY || undefined,
    voice: 'Clive',
    model: 'openai/gpt-4.1-mini',
    timeoutMs: 60_000,
    json: false,
    keyFromStdin: false,
    history: true,
    context: undefined,
    preset: undefined,
  };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        out.json = true;
        break;
      case '--key-stdin':
        out.keyFromStdin = true;
        break;
      case '--no-history':
        out.history = false;
        break;
      case '--context': {
        const v = value();
        if (v !== 'selection' && v !== 'clipboard') return '--context must be selection or clipboard';
        out.context = v;
        break;
      }
      case '--preset': {
        const v = value();
        if (!v) return '--preset needs a name';
        out.preset = v;
        break;
      }
      case '--key':
        return KEY_IN_ARGV_REFUSED;
      case '--endpoint':
      case '--voice':
      case '--model':
      case '--timeout': {
        const v = value();
        if (!v) return `${flag} needs a value`;
        if (flag === '--endpoint') out.endpoint = v;
        else if (flag === '--voice') out.voice = v;
        else if (flag === '--model') out.model = v;
        else {
          const s = Number(v);
          if (!Number.isFinite(s) || s <= 0) return `--timeout must be a positive number of seconds`;
          out.timeoutMs = s * 1000;
        }
        break;
      }
      case '--help':
      case '-h':
        return USAGE;
      case '--':
        words.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (a.startsWith('--')) return `unknown flag ${a}`;
        words.push(a);
    }
  }
  out.question = words.join(' ').trim();
  // With a preset or context, the question may be empty (the preset says what to do).
  if (!out.question && !out.preset && !out.context) return USAGE;
  if (!/^wss?:\/\//.test(out.endpoint)) return `--endpoint must be a ws:// or wss:// URL`;
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export async function runAsk(argv: string[], io: AskIo): Promise<number> {
  const args = parseArgs(argv, io.env);
  if (typeof args === 'string') {
    io.stderr.write(`ask: ${args}\n`);
    return EXIT.usage;
  }
  if (args.keyFromStdin) args.key = (await firstLine(io.stdin ?? process.stdin)) || undefined;
  if (!args.key) {
    io.stderr.write('ask: no API key: set INWORLD_API_KEY or pipe it in with --key-stdin\n');
    return EXIT.usage;
  }
  const question = await composeCliQuestion(args, io);
  if ('error' in question) {
    io.stderr.write(`ask: ${question.error}\n`);
    return EXIT.usage;
  }
  return askOnce({ ...args, question: question.text, key: args.key }, io);
}

/**
 * One text turn, its answer streamed to stdout; the exit code says how it ended (EXIT). Shared by
 * `npm run ask` and the installed app's headless `--ask` (headless-ask.ts), so both behave alike.
 */
export async function askOnce(args: Omit<AskArgs, 'context' | 'preset'> & { key: string }, io: Omit<AskIo, 'env'> & { env?: AskIo['env'] }): Promise<number> {
  // The caller's executor (tests) or our own, which is then ours to dispose.
  let ownTools: ToolRuntime | null = null;
  const tools: ToolExecutor = io.executor ?? (ownTools = createCliToolRuntime());
  const session = createRealtimeSession(
    {
      endpoint: args.endpoint,
      apiKey: args.key,
      model: args.model,
      instructions: 'You are a concise assistant answering from a command line. Answer briefly in plain text.',
      voice: args.voice,
      ttsModel: 'inworld-tts-2',
      transcriptionModel: 'inworld/inworld-stt-1',
      mode: 'push-to-talk',
      outputModalities: ['text'],
      reconnect: false,
      tools,
    },
    io.deps,
  );
  const printed = new Map<string, string>();
  let wroteAny = false;
  let metrics: TurnMetrics | undefined;
  session.on('entry', (e) => {
    if (args.json || e.kind !== 'message' || e.role !== 'assistant') return;
    const before = printed.get(e.id) ?? '';
    // Stream only what extends the text already printed; a rewrite is not re-printed.
    if (e.text.startsWith(before) && e.text.length > before.length) {
      // A second assistant message (e.g. after a tool call) starts on its own line.
      if (before === '' && wroteAny) io.stdout.write('\n');
      io.stdout.write(e.text.slice(before.length));
      printed.set(e.id, e.text);
      wroteAny = true;
    }
  });
  session.on('metrics', (m) => (metrics = m));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), args.timeoutMs)));
  try {
    const outcome = await Promise.race([
      (async () => {
        await session.connect();
        return session.sendText(args.question, { textOnly: true });
      })(),
      timeout,
    ]);
    if (outcome === 'timeout') {
      io.stderr.write(`ask: timeout: no complete answer within ${args.timeoutMs / 1000} s\n`);
      return EXIT.timeout;
    }
    if (outcome.status !== 'completed') {
      io.stderr.write(`ask: server error: the response ${outcome.status}${outcome.error ? `: ${oneLine(outcome.error)}` : ''}\n`);
      return EXIT.serverError;
    }
    const saved = args.history && io.env ? saveAskExchange(io.env, args.question, outcome.text, args.model, metrics) : undefined;
    if (saved?.error) io.stderr.write(`ask: note: not saved to history: ${oneLine(saved.error)}\n`);
    if (args.json) {
      io.stdout.write(
        `${JSON.stringify({ text: outcome.text, responseId: outcome.responseId, status: outcome.status, latencyMs: metrics?.latencyMs ?? null, usage: metrics?.usage ?? null, historyId: saved?.id ?? null })}\n`,
      );
    } else {
      io.stdout.write('\n');
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ConnectError) {
      const code = err.userError.code;
      io.stderr.write(`ask: ${oneLine(err.userError.message)}\n`);
      if (code === 'bad_key') return EXIT.badKey;
      if (code === 'unreachable' || code === 'tls' || code === 'bad_endpoint') return EXIT.unreachable;
      if (code === 'timeout') return EXIT.timeout;
      return EXIT.serverError;
    }
    io.stderr.write(`ask: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT.other;
  } finally {
    if (timer) clearTimeout(timer);
    await session.close();
    ownTools?.dispose();
  }
}

/**
 * The text sent: the preset's template (if any) with the context read for it, then the question;
 * the same composition as the launcher (src/shared/quick.ts). A context that cannot be read is a
 * usage error saying why — never a silent question without it.
 */
async function composeCliQuestion(args: AskArgs, io: AskIo): Promise<{ text: string } | { error: string }> {
  const presets = io.presets ?? DEFAULT_PRESETS;
  const preset = args.preset ? findPreset(presets, args.preset) : undefined;
  if (args.preset && !preset) return { error: `unknown preset "${args.preset}" (known: ${presets.map((p) => p.name).join(', ')})` };
  const kind = args.context ?? (preset ? presetNeeds(preset.template)[0] : undefined);
  let context: { kind: ContextKind; text: string } | undefined;
  if (kind) {
    // Plain Node has no clipboard of its own: off X11 only the app (`inworld-desk --ask`) reads it.
    const r = await resolveAskContext(kind, io.context ?? platformContextReader({ platform: process.platform, env: io.env }));
    if (!r.ok) return { error: r.error };
    context = r.context;
  }
  const text = composeQuery({ typed: args.question, preset, context });
  return text ? { text } : { error: 'nothing to ask' };
}

// Run when executed as a script (tsx src/main/cli/ask.ts …), not when imported by tests.
if (/[\\/]ask\.(ts|js|cjs|mjs)$/.test(process.argv[1] ?? '')) {
  runAsk(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ask: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
