/**
 * `npx tsx test/bench/x11-insert-bench.ts [--n 20] [--json]`: the X11 paste path into a real headed
 * Chromium textarea on a private Xvfb, N times, with a prior clipboard to restore. Reports
 * `clipboard_restored_after_read_ms` (last read receipt → clipboard restored), the chord → first
 * read latency, insert() → first read and the whole insert() call, each {p50, p95, n}. The dictation bench can import
 * `benchX11Insert` to add these figures to its own report.
 */
import { X11TextInserter } from '../../src/main/dictation/x11/x11-text-inserter';
import { X11Connection } from '../../src/main/dictation/x11/x11-connection';
import { ClipboardOwner, textItems } from '../../src/main/dictation/x11/clipboard-owner';
import { launchChromiumTextarea, skipReason, startXvfb, until, xdotool } from '../main/dictation/x11/x11-test-env';
import { summarize, type Summary } from './stats';

export interface X11InsertBench {
  readonly clipboard_restored_after_read_ms: Summary;
  readonly chord_to_first_read_ms: Summary;
  /** insert() called → the target's first read: the inserter's share of key-up → text. */
  readonly insert_to_first_read_ms: Summary;
  readonly insert_call_ms: Summary;
  readonly failures: number;
}

export async function benchX11Insert(n: number): Promise<X11InsertBench> {
  const xvfb = await startXvfb();
  const app = await launchChromiumTextarea(xvfb.display);
  const inserter = new X11TextInserter({ display: xvfb.display });
  const user = await X11Connection.connect(xvfb.display);
  const prior = new ClipboardOwner(user);
  const restoredAfterRead: number[] = [];
  const firstRead: number[] = [];
  const toFirstRead: number[] = [];
  const call: number[] = [];
  let failures = 0;
  try {
    xdotool(xvfb.display, 'windowfocus', '--sync', String(app.window));
    await app.page.focus('#t');
    for (let i = 0; i < n; i++) {
      await prior.acquire(textItems(`user clipboard ${i}`));
      await app.clear();
      const text = `dictation number ${i}`;
      const target = await inserter.captureTarget();
      const t0 = performance.now();
      const outcome = await inserter.insert(text, target, { mode: 'insert' });
      call.push(performance.now() - t0);
      const t = outcome.kind === 'inserted' ? outcome.timings : undefined;
      const landed = await until(async () => (await app.value()) === text, 2000).then(() => true, () => false);
      if (!t || outcome.kind !== 'inserted' || !outcome.restored || !landed || t.restoredAt === undefined || t.lastReadAt === undefined) {
        failures++;
        continue;
      }
      restoredAfterRead.push(t.restoredAt - t.lastReadAt);
      if (t.firstReadAt !== undefined && t.chordAt !== undefined) firstRead.push(t.firstReadAt - t.chordAt);
      if (t.firstReadAt !== undefined) toFirstRead.push(t.firstReadAt - t0);
    }
  } finally {
    inserter.dispose();
    prior.dispose();
    user.close();
    await app.close();
    xvfb.stop();
  }
  return {
    clipboard_restored_after_read_ms: summarize(restoredAfterRead),
    chord_to_first_read_ms: summarize(firstRead),
    insert_to_first_read_ms: summarize(toFirstRead),
    insert_call_ms: summarize(call),
    failures,
  };
}

const isMain = process.argv[1]?.endsWith('x11-insert-bench.ts');
if (isMain) {
  const args = process.argv.slice(2);
  const nAt = args.indexOf('--n');
  const n = nAt >= 0 ? Number(args[nAt + 1]) : 20;
  const skip = skipReason(true);
  if (skip) {
    console.error(`x11 insert bench skipped: ${skip}`);
    process.exit(2);
  }
  benchX11Insert(n).then(
    (r) => {
      if (args.includes('--json')) console.log(JSON.stringify(r));
      else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${JSON.stringify(v)}`);
      process.exit(r.failures === 0 ? 0 : 1);
    },
    (err) => {
      console.error(`x11 insert bench failed: ${String(err)}`);
      process.exit(1);
    },
  );
}
