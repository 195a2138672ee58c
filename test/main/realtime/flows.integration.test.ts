import { describe, expect, it } from 'vitest';
import { toDisposable } from '../../../src/shared/disposable';
import type { ToolCallRequest, ToolExecutor } from '../../../src/main/tools/tool-executor';
import { expectNoErrors, expectNoLint, feed, live, silence, tone, useSimulator, waitFor } from './sim-harness';

const sim = useSimulator();

function executor(): ToolExecutor & { calls: ToolCallRequest[] } {
  const calls: ToolCallRequest[] = [];
  return {
    calls,
    definitions: () => [
      { type: 'function', name: 'open_app', description: 'Open an app by name.', parameters: { type: 'object', properties: { name: { type: 'string' } } } },
    ],
    onDefinitionsChanged: () => toDisposable(() => {}),
    onCallUpdate: () => toDisposable(() => {}),
    async execute(call) {
      calls.push(call);
      return JSON.stringify({ opened: true });
    },
  };
}

describe('flows against the strict simulator', () => {
  it('text turn: handshake, streamed answer with audio, metrics; no simulator errors or lint', async () => {
    const l = live(sim(), { sim_scenario: 'echo' });
    await l.session.connect();
    expect(l.session.status).toBe('ready');
    const r = await l.session.sendText('Hello there');
    expect(r).toMatchObject({ status: 'completed', text: 'You said: "Hello there".' });
    expect(l.events.audio.length).toBeGreaterThan(0);
    expect(l.events.audio.every((a) => a.pcm.byteLength % 2 === 0)).toBe(true);
    const m = l.events.metrics.at(-1)!;
    expect(m.status).toBe('completed');
    expect(m.latencyMs).toBeGreaterThanOrEqual(0);
    const rec = l.rec();
    expect(new URL(`http://x${rec.url}`).searchParams.get('sim_scenario')).toBe('echo');
    expect(rec.key).toMatch(/^desk-/);
    expectNoErrors(rec);
    await l.session.close();
    await waitFor(() => !rec.open, 3000, 'socket closed');
    expect(rec.closeCode).toBe(1000);
    expectNoLint(rec);
  });

  it('text-only turn gets a text answer', async () => {
    const l = live(sim(), { sim_scenario: 'echo' });
    await l.session.connect();
    const r = await l.session.sendText('Ping', { textOnly: true });
    expect(r.text).toBe('You said: "Ping".');
    expectNoErrors(l.rec());
    await l.session.close();
  });

  it('push-to-talk: the committed audio is exactly what was captured; transcript and answer arrive', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_transcript: 'Open the calculator.' });
    await l.session.connect();
    await l.session.beginUserTurn();
    const speech = tone(600);
    feed(l.session, speech);
    const c = await l.session.commitUserTurn();
    expect(c).toEqual({ committed: true });
    await waitFor(() => l.events.metrics.length > 0, 8000, 'response');
    const rec = l.rec();
    const commit = rec.commits[0]!;
    expect(Buffer.from(commit.audio).equals(Buffer.from(speech))).toBe(true);
    await waitFor(() => [...l.entries().values()].some((e) => e.kind === 'message' && e.role === 'user' && e.final), 3000, 'transcript');
    const user = [...l.entries().values()].find((e) => e.kind === 'message' && e.role === 'user');
    expect(user).toMatchObject({ text: 'Open the calculator.', source: 'voice', final: true });
    expect(l.assistantText()).toBe('You said: "Open the calculator.".');
    expectNoErrors(rec);
    expectNoLint(rec);
    await l.session.close();
  });

  it('push-to-talk: a press under 100 ms sends no commit', async () => {
    const l = live(sim(), { sim_scenario: 'echo' });
    await l.session.connect();
    await l.session.beginUserTurn();
    feed(l.session, tone(40));
    expect(await l.session.commitUserTurn()).toEqual({ committed: false, reason: 'nothing said' });
    await new Promise((r) => setTimeout(r, 100));
    const rec = l.rec();
    expect(rec.commits).toHaveLength(0);
    expectNoErrors(rec);
    await l.session.close();
  });

  it('push-to-talk cancel: input_audio_buffer.clear after the audio; no commit, no response reaches the simulator', async () => {
    const l = live(sim(), { sim_scenario: 'echo' });
    await l.session.connect();
    await l.session.beginUserTurn();
    feed(l.session, tone(600));
    await waitFor(() => l.rec().appends.length > 0, 2000, 'audio at the simulator');
    l.session.cancelUserTurn();
    const rec = l.rec();
    const types = () => rec.clientEvents.map((e) => (e.event as { type: string }).type);
    await waitFor(() => types().lastIndexOf('input_audio_buffer.clear') > types().lastIndexOf('input_audio_buffer.append'), 2000, 'clear');
    await new Promise((r) => setTimeout(r, 300)); // long enough for a stray commit or response.create to arrive
    expect(types()).not.toContain('input_audio_buffer.commit');
    expect(types()).not.toContain('response.create');
    expect(rec.commits).toHaveLength(0);
    expect(rec.serverEventsOfType('response.created')).toHaveLength(0);
    // The simulator's buffer really is empty: it acknowledged the clear.
    expect(rec.serverEventsOfType('input_audio_buffer.cleared').length).toBeGreaterThanOrEqual(2);
    expect(l.events.phase.at(-1)).toBe('idle');
    expectNoErrors(rec);
    await l.session.close();
  });

  it('hands-free: server VAD ends the turn; the client sends no commit and no response.create', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_transcript: 'What time is it?' }, { mode: 'hands-free' });
    await l.session.connect();
    feed(l.session, tone(500));
    feed(l.session, silence(800));
    await waitFor(() => l.events.metrics.length > 0, 8000, 'VAD response');
    const rec = l.rec();
    const types = rec.clientEvents.map((e) => (e.event as { type: string }).type);
    expect(types).not.toContain('input_audio_buffer.commit');
    expect(types).not.toContain('response.create');
    expect(l.events.phase).toEqual(expect.arrayContaining(['listening', 'thinking', 'speaking']));
    expect(l.assistantText()).toBe('You said: "What time is it?".');
    expectNoErrors(rec);
    await l.session.close();
  });

  it('hands-free with server_vad: silence-based turn end works the same way', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_transcript: 'Server VAD here.' }, { mode: 'hands-free', vad: 'server_vad' });
    await l.session.connect();
    feed(l.session, tone(400));
    feed(l.session, silence(700));
    await waitFor(() => l.events.metrics.length > 0, 8000, 'VAD response');
    const update = l.rec().clientEvents[0]!.event as { session: { audio: { input: { turn_detection: { type: string } } } } };
    expect(update.session.audio.input.turn_detection.type).toBe('server_vad');
    expect(l.assistantText()).toBe('You said: "Server VAD here.".');
    expectNoErrors(l.rec());
    await l.session.close();
  });

  it('tool call: runs the tool, sends its output and exactly one follow-up response.create', async () => {
    const tools = executor();
    const l = live(sim(), { sim_scenario: 'tool-call', sim_tool: 'open_app', sim_args: '{"name":"Calculator"}', sim_omit_name: 1 }, { tools });
    await l.session.connect();
    const r = await l.session.sendText('Open the calculator');
    expect(tools.calls).toEqual([expect.objectContaining({ name: 'open_app', argumentsJson: '{"name":"Calculator"}' })]);
    expect(r.status).toBe('completed');
    expect(r.text).toContain('The tool returned');
    const rec = l.rec();
    const creates = rec.clientEvents.map((e) => (e.event as { type: string }).type).filter((t) => t === 'response.create');
    expect(creates).toHaveLength(2);
    expect([...l.entries().values()].find((e) => e.kind === 'tool')).toMatchObject({ name: 'open_app', status: 'done' });
    expectNoErrors(rec);
    expectNoLint(rec);
    await l.session.close();
  });

  it('tool call with empty arguments and a server that auto-creates the follow-up', async () => {
    const tools = executor();
    const l = live(sim(), { sim_scenario: 'tool-call', sim_tool: 'open_app', sim_empty_args: 1, sim_auto_tool_response: 'always' }, { tools });
    await l.session.connect();
    const r = await l.session.sendText('Open something');
    expect(tools.calls[0]).toMatchObject({ name: 'open_app' });
    expect(r.text).toContain('The tool returned');
    await new Promise((res) => setTimeout(res, 200));
    // Our response.create races the server's own: conversation_already_has_active_response is benign.
    expectNoErrors(l.rec(), ['conversation_already_has_active_response']);
    expect(l.events.notice.filter((n) => n.level === 'error')).toEqual([]);
    await l.session.close();
  });

  it('mid-session update: voice and model change are acknowledged', async () => {
    const l = live(sim(), { sim_scenario: 'echo' });
    await l.session.connect();
    l.session.updateOptions({ voice: 'Sarah', model: 'google-ai-studio/gemini-2.5-flash' });
    l.session.updateOptions({ mode: 'hands-free' });
    await waitFor(() => l.rec().serverEventsOfType('session.updated').length >= 3, 3000, 'updates acknowledged');
    const last = l.rec().serverEventsOfType('session.updated').at(-1) as { session: { audio: { output: { voice: string }; input: { turn_detection: { type: string } } } } };
    expect(last.session.audio.output.voice).toBe('Sarah');
    expect(last.session.audio.input.turn_detection.type).toBe('semantic_vad');
    expectNoErrors(l.rec());
    expectNoLint(l.rec());
    await l.session.close();
  });
});
