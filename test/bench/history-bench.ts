/**
 * History store benchmark (`npm run bench -- --history [--json] [--turns N]`): fills a fresh
 * database with N stored turns (default 100,000) of varied text, then measures on this thread
 *   - search: FTS queries a user would type (common words, rare words, two-word, prefixes, non-ASCII),
 *   - turn commit: one finished turn through the TurnRecorder (its own WAL transaction, as in the app),
 *   - open: opening the full database with its quick check (app start).
 * Targets (issue #12): search p95 ≤ 20 ms, commit p95 ≤ 2 ms.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StoredTurn } from '../../src/shared/history';
import { DEFAULT_HISTORY_SETTINGS } from '../../src/shared/history-settings';
import { HistoryStore } from '../../src/main/history/history-store';
import { TurnRecorder } from '../../src/main/history/turn-recorder';
import { summarize } from './stats';

const args = process.argv.slice(2);
const json = args.includes('--json');
const turnsArg = args.indexOf('--turns');
const TURNS = turnsArg >= 0 ? Number(args[turnsArg + 1]) : 100_000;
const TARGET = { searchP95Ms: 20, commitP95Ms: 2 };

// A deterministic word generator: a Zipf-like vocabulary so some words are in half the turns and
// some in a handful, like real conversation text.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'to', 'sha', 'vel', 'dor', 'qui', 'pan', 'zel', 'ur', 'bri', 'on', 'ta', 'nex'];
const VOCAB = Array.from({ length: 20_000 }, (_, i) => {
  let w = '';
  let n = i + 7;
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
});
const COMMON = ['the', 'weather', 'today', 'please', 'remind', 'meeting', 'tomorrow', 'what', 'time', 'is'];
const word = () => (rand() < 0.3 ? COMMON[Math.floor(rand() * COMMON.length)]! : VOCAB[Math.floor(VOCAB.length * rand() ** 3)]!);
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

function fill(store: HistoryStore): void {
  const perConversation = 20;
  const t0 = Date.now() - TURNS * 1000;
  for (let c = 0; c < TURNS / perConversation; c++) {
    const id = store.startConversation(c % 10 === 0 ? 'quick' : 'voice', t0 + c * perConversation * 1000);
    const turns: StoredTurn[] = [];
    for (let i = 0; i < perConversation; i++) {
      const at = t0 + (c * perConversation + i) * 1000;
      const extra = c % 97 === 0 ? ' Привет café Straße' : '';
      turns.push({ entryId: `e${i}`, kind: 'message', role: i % 2 ? 'assistant' : 'user', text: sentence(i % 2 ? 40 : 12) + extra, createdAt: at, completedAt: at });
    }
    store.saveTurns(id, turns);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'history-bench-'));
const path = join(dir, 'history.db');
try {
  let store = new HistoryStore(path);
  const fillStart = performance.now();
  fill(store);
  const fillMs = performance.now() - fillStart;
  store.close();

  const openStart = performance.now();
  store = new HistoryStore(path);
  const openMs = performance.now() - openStart;

  const queries: string[] = [];
  for (let i = 0; i < 300; i++) {
    const k = i % 6;
    if (k === 0) queries.push(COMMON[i % COMMON.length]!);
    else if (k === 1) queries.push(VOCAB[i * 37]!);
    else if (k === 2) queries.push(`${COMMON[i % COMMON.length]} ${VOCAB[i * 11]}`);
    else if (k === 3) queries.push(VOCAB[i * 5]!.slice(0, 4));
    else if (k === 4) queries.push(i % 2 ? 'привет' : 'cafe');
    else queries.push(`"${VOCAB[i]} AND`);
  }
  for (const q of queries.slice(0, 20)) store.search(q); // warm the page cache
  // Wall time is what the user waits; CPU time (user + system, this thread) is shown beside it
  // because on a shared, overloaded machine the wall-clock tail is mostly waiting for a core.
  const cpuMs = (f: () => void) => {
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1000;
  };
  const searchCpu: number[] = [];
  const commitCpu: number[] = [];
  const searchMs: number[] = [];
  const byKind: number[][] = [[], [], [], [], [], []];
  let hits = 0;
  for (const [i, q] of queries.entries()) {
    const s = performance.now();
    searchCpu.push(cpuMs(() => (hits += store.search(q).length)));
    searchMs.push(performance.now() - s);
    byKind[i % 6]!.push(searchMs.at(-1)!);
  }
  if (process.env.HISTORY_BENCH_DEBUG) console.log(byKind.map((v) => summarize(v)));

  const recorder = new TurnRecorder({ store, settings: () => DEFAULT_HISTORY_SETTINGS, logger: { debug() {}, info() {}, warn() {}, error() {} }, onProblem() {} });
  const commitMs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const text = sentence(i % 2 ? 60 : 15);
    const s = performance.now();
    commitCpu.push(cpuMs(() => recorder.onEntry({ kind: 'message', id: `bench-${i}`, role: i % 2 ? 'assistant' : 'user', text, final: true, createdAt: Date.now() })));
    commitMs.push(performance.now() - s);
  }
  recorder.dispose();
  store.close();

  const search = summarize(searchMs);
  const commit = summarize(commitMs);
  const result = {
    history: {
      turns: TURNS,
      dbMB: Math.round((statSync(path).size / 1e6) * 10) / 10,
      fillS: Math.round(fillMs / 100) / 10,
      openMs: Math.round(openMs * 10) / 10,
      search: { ...search, cpu: summarize(searchCpu), avgHits: Math.round(hits / queries.length) },
      commit: { ...commit, cpu: summarize(commitCpu) },
      targets: TARGET,
      ok: search.p95 <= TARGET.searchP95Ms && commit.p95 <= TARGET.commitP95Ms,
    },
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const h = result.history;
    console.log(`history: ${h.turns} turns, ${h.dbMB} MB (filled in ${h.fillS} s), open ${h.openMs} ms`);
    console.log(`  search  p50 ${search.p50} ms  p95 ${search.p95} ms  (target ≤ ${TARGET.searchP95Ms})  cpu p95 ${h.search.cpu.p95} ms  n=${search.n}, ${h.search.avgHits} hits/query`);
    console.log(`  commit  p50 ${commit.p50} ms  p95 ${commit.p95} ms  (target ≤ ${TARGET.commitP95Ms})  cpu p95 ${h.commit.cpu.p95} ms  n=${commit.n}`);
    console.log(h.ok ? '  within targets' : '  OVER TARGET');
  }
  process.exitCode = result.history.ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
