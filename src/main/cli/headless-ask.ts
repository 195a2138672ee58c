/**
 * `inworld-desk --ask "question"` with no instance running: one text turn over the same core as
 * `npm run ask` (askOnce), but with the app's own configuration — the key from the key store (so the
 * keychain, or INWORLD_API_KEY only with "Allow key from environment"), the endpoint, model and voice
 * from the settings, and demo mode exactly as the app applies it. Prints the answer; returns the
 * exit codes of `npm run ask` (EXIT). Electron-free: src/main/electron/headless.ts supplies the stores.
 */
import type { Settings } from '../../shared/settings';
import type { SessionDeps } from '../realtime/realtime-session';
import type { DemoConfig } from '../services/session/demo-mode';
import type { ToolExecutor } from '../tools/tool-executor';
import { questionWithContext, type AppCommand } from './app-args';
import { resolveAskContext } from './ask-context';
import type { ContextReader } from '../quick/context-reader';
import { askOnce, EXIT } from './ask';

export interface HeadlessAskDeps {
  keys: { read(): Promise<string | undefined> };
  settings: Settings;
  demo: DemoConfig;
  /** Where `--context` is read (platformContextReader); none: only questions without context. */
  context?: ContextReader;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  timeoutMs?: number;
  executor?: ToolExecutor;
  deps?: SessionDeps;
  /** Save the exchange in the app's history as a quick query (needs `env` to find the data folder). */
  history?: boolean;
  env?: Record<string, string | undefined>;
}

export const NO_KEY_HINT =
  'no API key: open Inworld Desk and paste it in Settings, or set INWORLD_API_KEY and turn on "Allow key from environment"';

export async function runHeadlessAsk(ask: NonNullable<AppCommand['ask']>, d: HeadlessAskDeps): Promise<number> {
  let question = ask.question;
  if (ask.context) {
    const ctx = await resolveAskContext(ask.context, d.context);
    if (!ctx.ok) {
      d.stderr.write(`ask: ${ctx.error}\n`);
      return EXIT.usage;
    }
    question = questionWithContext(question, ctx.context);
  }
  // Demo mode never reads the keychain, so a real key never goes to a local server.
  const key = d.demo.demo ? d.demo.demoKey : await d.keys.read();
  if (!key) {
    d.stderr.write(`ask: ${NO_KEY_HINT}\n`);
    return EXIT.usage;
  }
  return askOnce(
    {
      question,
      endpoint: d.demo.endpointOverride ?? d.settings.endpoint,
      key,
      keyFromStdin: false,
      // The app's own `history` in its data folder (the same place ask-history.ts resolves).
      history: d.history ?? false,
      voice: d.settings.voice,
      model: d.settings.model,
      timeoutMs: d.timeoutMs ?? 60_000,
      json: false,
    },
    { stdout: d.stdout, stderr: d.stderr, ...(d.env ? { env: d.env } : {}), ...(d.executor ? { executor: d.executor } : {}), ...(d.deps ? { deps: d.deps } : {}) },
  );
}
