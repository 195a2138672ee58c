import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPcm, startAnswerServer } from './answer-stream';
import { KINDS, runClient } from './peers-bench';

// The peers benchmark must compare like with like: every client, each in its own process, gets
// the whole answer (twice: cold and warm) — a client that missed audio would look cheaper.
// Figures are the benchmark's business (`npm run bench -- --peers`); here only that it measures.
let server: Awaited<ReturnType<typeof startAnswerServer>>;
let bytes = 0;
beforeAll(async () => {
  const pcm = await answerPcm(2);
  bytes = pcm.length;
  server = await startAnswerServer(pcm);
});
afterAll(async () => {
  await server.close();
});

describe('peers benchmark', () => {
  it.each(KINDS)('%s receives every audio byte of the answer and reports its CPU and memory', async (kind) => {
    const s = await runClient(kind, server.url, bytes);
    expect(s.kind).toBe(kind);
    expect(s.cpuMs).toBeGreaterThan(0);
    expect(s.rssMb).toBeGreaterThan(10);
    expect(s.heapMb).toBeGreaterThan(1);
  }, 30_000);
});
