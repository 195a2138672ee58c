import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDisposable } from '../../../src/shared/disposable';
import type { ToolCallRequest, ToolExecutor } from '../../../src/main/tools/tool-executor';
import { RETENTION } from '../../../src/main/realtime/conversation/retention';
import { audioResponse, flush, harness, pcm, ready, responseDone, textTurn, type Harness, type ScriptedTransport } from './scripted-transport';

/**
 * An all-day session must not grow per turn: after thousands of scripted turns every per-turn
 * collection of the core stays under its cap, and a reconnect still replays the newest history.
 */

afterEach(() => {
  vi.useRealTimers();
});

const TURNS = 2000;

/** Answers every call at once; enough to drive tool rounds through the session. */
class InstantTools implements ToolExecutor {
  definitions() {
    return [{ type: 'function' as const, name: 'clock', description: 'time', parameters: { type: 'object' } }];
  }
  onDefinitionsChanged() {
    return toDisposable(() => undefined);
  }
  onCallUpdate() {
    return toDisposable(() => undefined);
  }
  async execute(call: ToolCallRequest): Promise<string> {
    return JSON.stringify({ ok: call.callId });
  }
}

function sizes(h: Harness): Record<string, number> {
  return (h.session as unknown as { debugSizes(): Record<string, number> }).debugSizes();
}

/** A typed question answered after one tool round (two responses, one call). */
async function toolTurn(h: Harness, t: ScriptedTransport, n: number): Promise<void> {
  const answer = h.session.sendText(`question ${n}`);
  t.server({ type: 'conversation.item.added', item: { id: `u${n}`, type: 'message', role: 'user', content: [{ type: 'input_text', text: `question ${n}` }] } });
  t.server({ type: 'response.created', response: { id: `rt${n}` } });
  const call = { id: `f${n}`, type: 'function_call', call_id: `c${n}`, name: 'clock', arguments: '{}' };
  t.server({ type: 'response.output_item.added', response_id: `rt${n}`, item: { ...call, status: 'in_progress', arguments: '' } });
  t.server(responseDone(`rt${n}`, [{ ...call, status: 'completed' }]));
  await flush(20);
  t.server({ type: 'conversation.item.added', item: { id: `o${n}`, type: 'function_call_output', call_id: `c${n}`, output: '{}' } });
  t.server({ type: 'response.created', response: { id: `r${n}` } });
  t.server({ type: 'response.output_text.delta', response_id: `r${n}`, item_id: `a${n}`, delta: `answer ${n}` });
  t.server(responseDone(`r${n}`));
  await answer;
}

/** A push-to-talk turn with a spoken (audio + transcript) answer. */
async function voiceTurn(h: Harness, t: ScriptedTransport, n: number): Promise<void> {
  await h.session.beginUserTurn();
  h.session.appendAudio(pcm(200));
  const committed = h.session.commitUserTurn();
  t.server({ type: 'input_audio_buffer.committed', item_id: `v${n}` });
  await committed;
  t.server({ type: 'conversation.item.input_audio_transcription.completed', item_id: `v${n}`, transcript: `question ${n}` });
  for (const ev of audioResponse(`r${n}`, `a${n}`, ['answer ', `${n}`], 40)) t.server(ev);
  t.server(responseDone(`r${n}`));
  await flush(10);
  // Past the estimated end of playback, so the next typed turn is not a barge-in.
  await vi.advanceTimersByTimeAsync(1000);
}

/** Caps with the batching slack the collections are allowed (see retention.ts). */
const LIMITS: Record<string, number> = {
  entries: RETENTION.entries * 1.1,
  aliases: RETENTION.entries * 1.1,
  unconfirmed: 1,
  final: RETENTION.entries * 1.1,
  pending: 1,
  responses: RETENTION.responses * 1.25 + 1,
  items: RETENTION.responses * 1.25 + 1,
  calls: RETENTION.responses * 1.25 + 1,
  expectations: 1,
  deferred: 0,
  creates: RETENTION.eventIds + RETENTION.responses,
  trackedResponses: RETENTION.responses * 1.25 + 1,
  waiting: 0,
  afterDone: 0,
  answeredCalls: RETENTION.eventIds + RETENTION.responses,
  outputClears: RETENTION.eventIds + RETENTION.responses,
  openTurns: 0,
};

function expectBounded(h: Harness): void {
  const s = sizes(h);
  expect(Object.keys(s).sort()).toEqual(Object.keys(LIMITS).sort());
  for (const [k, v] of Object.entries(s)) expect({ [k]: v <= LIMITS[k]! }).toEqual({ [k]: true });
}

describe('per-turn state stays bounded', () => {
  it(`after ${TURNS} text, tool and voice turns every collection is under its cap, and a reconnect replays the newest 20 messages`, async () => {
    vi.useFakeTimers();
    const h = harness({ tools: new InstantTools() });
    const t1 = await ready(h);
    let maxEntries = 0;
    let responses = 0;
    for (let n = 1; n <= TURNS; n++) {
      if (n % 50 === 0) await voiceTurn(h, t1, n);
      else if (n % 20 === 0) await toolTurn(h, t1, n);
      else await textTurn(h, t1, n);
      responses += n % 20 === 0 && n % 50 !== 0 ? 2 : 1;
      maxEntries = Math.max(maxEntries, sizes(h).entries!);
      if (n % 250 === 0) expectBounded(h);
    }
    // It did fill up (so the caps were exercised), and never beyond the cap plus its slack.
    expect(maxEntries).toBeGreaterThanOrEqual(RETENTION.entries);
    expect(maxEntries).toBeLessThanOrEqual(LIMITS.entries!);
    // Every turn was really answered (nothing silently stuck along the way).
    expect(h.events.metrics).toHaveLength(responses);
    expect(h.events.metrics.every((m) => m.status === 'completed')).toBe(true);
    expectBounded(h);

    t1.drop();
    await vi.advanceTimersByTimeAsync(750);
    const t2 = h.t();
    expect(t2).not.toBe(t1);
    t2.server({ type: 'session.created' });
    t2.server({ type: 'session.updated' });
    const replay = t2.all('conversation.item.create').map((e) => e.item);
    const expected = [];
    for (let n = TURNS - 9; n <= TURNS; n++) {
      expected.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: `question ${n}` }] });
      expected.push({ type: 'message', role: 'assistant', content: [{ type: 'text', text: `answer ${n}` }] });
    }
    expect(replay).toEqual(expected);
    // The server echoes each replayed item; none becomes a new row.
    const rows = h.events.entry.length;
    replay.forEach((item, i) => t2.server({ type: 'conversation.item.added', item: { id: `x${i}`, ...item } }));
    expect(h.events.entry.length).toBe(rows);
    // The session still works after the replay: one more turn, still bounded.
    await textTurn(h, t2, TURNS + 1);
    expectBounded(h);
    await h.session.close();
  });
});
