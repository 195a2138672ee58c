/**
 * `npm run bench -- --peers [--json] [--rounds N] [--seconds S]`: the same spoken answer streamed to
 * this project's realtime core and to the clients a developer might pick instead, each in a fresh
 * process, alternating A B C D A B C D … so machine noise spreads over all of them; medians printed
 * with the spread, and ratios to the best peer and to the floor.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { answerPcm, buildAnswerFrames, startAnswerServer } from './answer-stream';

export const KINDS = ['ours', 'agents', 'openai', 'floor'] as const;
type Kind = (typeof KINDS)[number];
interface Sample {
  kind: Kind;
  /** The median of the warm answers: the steady state of an app that runs all day. */
  cpuMs: number;
  /** The first answer, with each client's warm-up (JIT, schema compilation, lazy loading). */
  coldCpuMs: number;
  wallMs: number;
  rssMb: number;
  heapMb: number;
}

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const json = args.includes('--json');
const rounds = flag('--rounds', 3);
const seconds = flag('--seconds', 60);

export function runClient(kind: Kind, url: string, bytes: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'peer-client.ts'), kind, url, String(bytes)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Sample);
      else reject(new Error(`${kind} exited ${code}: ${err.trim() || out.trim()}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const pcm = await answerPcm(seconds);
  const answer = buildAnswerFrames(pcm);
  const server = await startAnswerServer(pcm);
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      for (const kind of KINDS) {
        const s = await runClient(kind, server.url, answer.audioBytes);
        samples.push(s);
        if (!json) console.log(`round ${r + 1} ${kind.padEnd(6)} cpu ${s.cpuMs.toFixed(1)} ms  wall ${s.wallMs.toFixed(0)} ms  rss ${s.rssMb.toFixed(1)} MB`);
      }
    }
  } finally {
    await server.close();
  }
  const perMinute = 60_000 / answer.audioMs;
  const result: Record<string, Record<string, number>> = {};
  for (const kind of KINDS) {
    const of = samples.filter((s) => s.kind === kind);
    const cpu = of.map((s) => s.cpuMs * perMinute);
    result[kind] = {
      cpu_ms_per_audio_min: round1(median(cpu)),
      cpu_min: round1(Math.min(...cpu)),
      cpu_max: round1(Math.max(...cpu)),
      cold_cpu_ms_per_audio_min: round1(median(of.map((s) => s.coldCpuMs * perMinute))),
      rss_mb: round1(median(of.map((s) => s.rssMb))),
      heap_mb: round1(median(of.map((s) => s.heapMb))),
      wall_ms: Math.round(median(of.map((s) => s.wallMs))),
    };
  }
  const ours = result.ours!.cpu_ms_per_audio_min!;
  const bestPeer = Math.min(result.agents!.cpu_ms_per_audio_min!, result.openai!.cpu_ms_per_audio_min!);
  const floorCpu = result.floor!.cpu_ms_per_audio_min!;
  const summary = {
    audio_s: round1(answer.audioMs / 1000),
    rounds,
    clients: result,
    ours_vs_best_peer: Math.round((ours / bestPeer) * 100) / 100,
    ours_vs_floor: Math.round((ours / floorCpu) * 100) / 100,
    goals: { ours_vs_best_peer: 0.5, ours_vs_floor: 1.3 },
  };
  if (json) {
    console.log(JSON.stringify({ peers: summary }));
    return;
  }
  console.log(`\nCPU per minute of assistant audio, steady state (median of ${rounds}; min–max; first answer), RSS and heap after:`);
  for (const kind of KINDS) {
    const r = result[kind]!;
    console.log(`  ${kind.padEnd(6)} ${String(r.cpu_ms_per_audio_min).padStart(7)} ms  (${r.cpu_min}–${r.cpu_max}; first ${r.cold_cpu_ms_per_audio_min})  rss ${r.rss_mb} MB  heap ${r.heap_mb} MB`);
  }
  console.log(`  ours / best peer = ${summary.ours_vs_best_peer} (goal ≤ 0.5), ours / floor = ${summary.ours_vs_floor} (goal ≤ 1.3)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
