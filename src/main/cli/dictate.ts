/**
 * `npm run dictate -- --wav FILE [--endpoint URL] [--output paste|copy|print] [--json]`: the
 * headless twin of hotkey dictation. The same pipeline (transcription-only turn on its own
 * connection, post-processing, the per-app rules, the journal in the app data folder, the same
 * inserter) runs on a WAV file of any rate or channel count instead of the microphone.
 *
 * Exit 0 only when the outcome was observed: a read receipt (paste), the clipboard set (copy), the
 * text printed (print). Otherwise one line on stderr saying why and a non-zero code.
 * Flags: --key-stdin (the key's first line on stdin; else INWORLD_API_KEY), --timeout S, --vocabulary WORDS, --language CODE. Env: INWORLD_API_KEY,
 * INWORLD_REALTIME_URL, INWORLD_DESK_DATA (data folder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENDPOINT, defaultSettings } from '../../shared/settings';
import { appDataDir } from '../dictation/app-data-dir';
import { createCliInserter } from '../dictation/cli-inserter';
import { DictationPipeline, type DictationResult } from '../dictation/dictation-pipeline';
import { DictationJournal, JOURNAL_FILE } from '../dictation/journal';
import type { TextInserter } from '../dictation/text-inserter';
import { ConnectFailure, Transcriber } from '../dictation/transcriber';
import { wavToWirePcm } from '../dictation/wav';
import type { TransportFactory } from '../realtime/wire/transport';
import { firstLine, KEY_IN_ARGV_REFUSED } from './key-input';

export interface DictateIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** The paste path; absent = the default for this build (composition decides). */
  inserter?: TextInserter;
  transportFactory?: TransportFactory;
  /** Test seam: how long to wait for the §2.8 fallback. */
  fallbackAfterMs?: number;
  /** Where --key-stdin reads the key (default: process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
}

export const DICTATE_EXIT = { ok: 0, other: 1, usage: 2, badKey: 3, unreachable: 4, timeout: 5, noTranscript: 6, notObserved: 7 } as const;

type Output = 'paste' | 'copy' | 'print';
interface Args {
  wav: string;
  endpoint: string;
  key: string | undefined;
  keyFromStdin: boolean;
  output: Output;
  json: boolean;
  timeoutMs: number;
  vocabulary: string;
  language: string;
}

const USAGE = 'usage: dictate --wav FILE [--endpoint URL] [--key-stdin] [--output paste|copy|print] [--json] [--timeout S] [--vocabulary WORDS] [--language CODE]';

function parseArgs(argv: string[], env: DictateIo['env']): Args | string {
  const out: Args = {
    wav: '', endpoint: env.INWORLD_REALTIME_URL || DEFAULT_ENDPOINT, key: env.INWORLD_API_KEY || undefined, keyFromStdin: false,
    output: 'paste', json: false, timeoutMs: 30_000, vocabulary: '', language: 'en',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (flag === '--json') out.json = true;
    else if (flag === '--key') return KEY_IN_ARGV_REFUSED;
    else if (flag === '--key-stdin') out.keyFromStdin = true;
    else if (flag === '--help' || flag === '-h') return USAGE;
    else if (['--wav', '--endpoint', '--output', '--timeout', '--vocabulary', '--language'].includes(flag)) {
      const v = value();
      if (v === undefined || v === '') return `${flag} needs a value`;
      if (flag === '--wav') out.wav = v;
      else if (flag === '--endpoint') out.endpoint = v;
      else if (flag === '--vocabulary') out.vocabulary = v;
      else if (flag === '--language') out.language = v;
      else if (flag === '--output') {
        if (v !== 'paste' && v !== 'copy' && v !== 'print') return '--output must be paste, copy or print';
        out.output = v;
      } else {
        const s = Number(v);
        if (!Number.isFinite(s) || s <= 0) return '--timeout must be a positive number of seconds';
        out.timeoutMs = s * 1000;
      }
    } else return `unknown argument ${a}`;
  }
  if (!out.wav) return USAGE;
  if (!/^wss?:\/\//.test(out.endpoint)) return '--endpoint must be a ws:// or wss:// URL';
  return out;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One line per non-observed outcome, and its exit code. */
function judge(output: Output, r: DictationResult): { code: number; reason?: string } {
  const o = r.outcome;
  if (output === 'print' && o.kind === 'printed') return { code: DICTATE_EXIT.ok };
  if (output === 'copy' && o.kind === 'copied') return { code: DICTATE_EXIT.ok };
  if (output === 'paste' && o.kind === 'inserted') return { code: DICTATE_EXIT.ok };
  if (o.kind === 'none') {
    const code = /transcript|recognised|nothing said|transcription/.test(o.reason) ? DICTATE_EXIT.noTranscript : DICTATE_EXIT.other;
    return { code, reason: o.reason === 'nothing said' ? 'no transcript: the recording is under 100 ms' : o.reason };
  }
  if (o.kind === 'unconfirmed') return { code: DICTATE_EXIT.notObserved, reason: `unconfirmed: text left on the clipboard (${o.reason})` };
  if (o.kind === 'copied') return { code: DICTATE_EXIT.notObserved, reason: `not pasted: text left on the clipboard (${o.reason})` };
  if (o.kind === 'failed') return { code: DICTATE_EXIT.other, reason: `failed: ${o.reason}` };
  return { code: DICTATE_EXIT.other, reason: `unexpected outcome ${o.kind}` };
}

function connectCode(err: unknown): number {
  const code = err instanceof ConnectFailure ? err.userError.code : undefined;
  if (code === 'bad_key') return DICTATE_EXIT.badKey;
  if (code === 'unreachable' || code === 'tls' || code === 'bad_endpoint') return DICTATE_EXIT.unreachable;
  if (code === 'timeout') return DICTATE_EXIT.timeout;
  return DICTATE_EXIT.other;
}

export async function runDictate(argv: string[], io: DictateIo): Promise<number> {
  const args = parseArgs(argv, io.env);
  if (typeof args === 'string') {
    io.stderr.write(`dictate: ${args}\n`);
    return DICTATE_EXIT.usage;
  }
  if (args.keyFromStdin) args.key = (await firstLine(io.stdin ?? process.stdin)) || undefined;
  if (!args.key) {
    io.stderr.write('dictate: no API key: set INWORLD_API_KEY or pipe it in with --key-stdin\n');
    return DICTATE_EXIT.usage;
  }
  let pcm: Uint8Array;
  try {
    pcm = wavToWirePcm(readFileSync(args.wav)).pcm;
  } catch (err) {
    io.stderr.write(`dictate: ${oneLine(`${args.wav}: ${err instanceof Error ? err.message : String(err)}`)}\n`);
    return DICTATE_EXIT.usage;
  }
  const journal = new DictationJournal(join(appDataDir(io.env), JOURNAL_FILE));
  const transcriber = new Transcriber({
    endpoint: args.endpoint, apiKey: args.key, model: 'openai/gpt-4.1-mini', transcriptionModel: 'inworld/inworld-stt-1',
    language: args.language, vocabulary: args.vocabulary, failFast: true, transcriptTimeoutMs: args.timeoutMs,
    ...(io.transportFactory ? { transportFactory: io.transportFactory } : {}),
    ...(io.fallbackAfterMs !== undefined ? { fallbackAfterMs: io.fallbackAfterMs } : {}),
  });
  const settings = defaultSettings().dictation;
  // The same paste path as the app where this desktop has one (dictation/cli-inserter.ts).
  const cli = io.inserter ? undefined : createCliInserter(args.output, { ...process.env, ...io.env });
  const pipeline = new DictationPipeline({
    transcriber, journal, inserter: cli?.inserter ?? io.inserter!,
    settings: () => settings, logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), args.timeoutMs + 5000)));
    const warm = await Promise.race([transcriber.warm().then(() => 'ok' as const, (err: unknown) => err), timeout]);
    if (warm === 'timeout') {
      io.stderr.write(`dictate: timeout: no session within ${args.timeoutMs / 1000} s\n`);
      return DICTATE_EXIT.timeout;
    }
    if (warm !== 'ok') {
      io.stderr.write(`dictate: ${oneLine(warm instanceof Error ? warm.message : String(warm))}\n`);
      return connectCode(warm);
    }
    pipeline.start('cli');
    for (let off = 0; off < pcm.length; off += 40 * 48) pipeline.append(pcm.subarray(off, Math.min(pcm.length, off + 40 * 48)));
    const keyUp = Date.now();
    const result = await pipeline.stop({
      ...(args.output === 'print' && !args.json ? { print: (t: string) => io.stdout.write(`${t}\n`) } : {}),
      ...(args.output === 'print' && args.json ? { print: () => {} } : {}),
      ...(args.output === 'copy' ? { mode: 'copy-only' as const } : {}),
    });
    const verdict = judge(args.output, result);
    if (args.json) {
      io.stdout.write(`${JSON.stringify({ text: result.text ?? null, outcome: result.outcome.kind, target_class: result.targetClass ?? null, ms: Date.now() - keyUp })}\n`);
    }
    if (verdict.reason) io.stderr.write(`dictate: ${oneLine(verdict.reason)}\n`);
    return verdict.code;
  } catch (err) {
    io.stderr.write(`dictate: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return DICTATE_EXIT.other;
  } finally {
    if (timer) clearTimeout(timer);
    await transcriber.close();
    journal.close();
    const warning = await cli?.finish().catch((err: unknown) => `the clipboard could not be handed on: ${String(err)}`);
    if (warning) io.stderr.write(`dictate: ${oneLine(warning)}\n`);
  }
}

// Run when executed as a script (tsx src/main/cli/dictate.ts …), not when imported by tests.
if (/[\\/]dictate\.(ts|js|cjs|mjs)$/.test(process.argv[1] ?? '')) {
  runDictate(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`dictate: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
