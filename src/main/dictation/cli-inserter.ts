import { spawn } from 'node:child_process';
import { ClipboardInserter } from './clipboard-inserter';
import { planInsertion } from './insertion-platform';
import type { TextInserter } from './text-inserter';
import { X11TextInserter } from './x11/x11-text-inserter';
import type { ClipboardItem } from './x11/clipboard-snapshot';

/**
 * The `dictate` CLI's inserter. `paste` uses the app's own paste path where this desktop has one
 * (X11: x11/x11-text-inserter.ts, chosen by the same decision table), so the headless twin tests what
 * ships. `copy`, and desktops without a paste path, copy with xclip, whose forked child keeps serving
 * the text after this short-lived process exits.
 *
 * A process that exits cannot keep serving the clipboard it restored. `finish` hands it to the
 * clipboard manager (GNOME's mutter, KDE's Klipper…); where none runs, its text is handed to xclip,
 * which keeps serving it, so the user's previous clipboard survives as text at least; what cannot
 * be kept (an image, rich text) is said in one line.
 */
export interface CliInserter {
  inserter: TextInserter;
  /** Await before exit; returns a warning for stderr, or undefined. */
  finish(): Promise<string | undefined>;
}

export function createCliInserter(output: 'paste' | 'copy' | 'print', env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): CliInserter {
  const plan = planInsertion({ platform, env });
  if (output !== 'paste' || plan.method !== 'x11-xtest') {
    const inserter = new ClipboardInserter(env);
    return { inserter, finish: async () => undefined };
  }
  const inserter = new X11TextInserter({ display: env.DISPLAY });
  return {
    inserter,
    finish: async () => {
      const { orphaned } = await inserter.shutdown();
      if (!orphaned) return undefined;
      const text = orphaned.find((i) => i.target === 'UTF8_STRING') ?? orphaned.find((i) => i.target === 'STRING' || i.target === 'text/plain');
      const kept = text ? await keepWithXclip(text, env) : false;
      const others = orphaned.filter((i) => !TEXT_TARGETS.has(i.target));
      if (kept && others.length === 0) return undefined;
      return kept
        ? `no clipboard manager is running: the clipboard's text was kept, not its ${others.map((i) => i.target).slice(0, 3).join(', ')}`
        : 'no clipboard manager is running and xclip is missing: the clipboard this process restored is gone with it';
    },
  };
}

const TEXT_TARGETS = new Set(['UTF8_STRING', 'STRING', 'TEXT', 'COMPOUND_TEXT', 'text/plain', 'text/plain;charset=utf-8', 'TARGETS', 'TIMESTAMP', 'MULTIPLE', 'SAVE_TARGETS']);

function keepWithXclip(item: ClipboardItem, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    // xclip forks a child that owns the selection after this process exits; only stdin is a pipe
    // (an inherited pipe would be held open by that child).
    const p = spawn('xclip', ['-selection', 'clipboard', '-t', 'UTF8_STRING', '-i'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
    // A broken pipe (xclip gone before reading it all) must not be an uncaught EPIPE; exit says why.
    p.stdin.on('error', () => {});
    p.stdin.end(item.data);
  });
}
