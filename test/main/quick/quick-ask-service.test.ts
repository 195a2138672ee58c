/**
 * The launcher's service with fake ports and a scriptable session: focus is captured before the
 * window shows and given back on hide, a streaming answer is cancelled by a hide, the draft and the
 * exchange survive a hide for a few minutes only, Insert strips Markdown (and falls back to a copy
 * without an inserter), Continue hands over the same entries.
 */
import { describe, expect, it, vi } from 'vitest';
import { QuickAskService, type QuickAskDeps } from '../../../src/main/quick/quick-ask-service';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { defaultSettings } from '../../../src/shared/settings';
import type { TextInserter } from '../../../src/main/dictation/text-inserter';
import { fakeFactory, type FakeSession } from '../services/fake-session';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function setup(extra: Partial<QuickAskDeps> = {}) {
  const { factory, sessions } = fakeFactory();
  const order: string[] = [];
  let visible = false;
  let now = 1_000;
  const window = {
    show: () => (order.push('show'), (visible = true)),
    hide: () => (order.push('hide'), (visible = false)),
    isVisible: () => visible,
  };
  const focus = {
    capture: vi.fn(async () => (order.push('capture'), { windowId: 77 })),
    restore: vi.fn(async () => (order.push('restore'), true)),
  };
  const copied: string[] = [];
  const continued: unknown[] = [];
  const events = new EventHub({ validate: true, logger });
  const emitted: string[] = [];
  events.subscribe((name) => emitted.push(name));
  const svc = new QuickAskService({
    sessionFactory: factory,
    keys: { status: vi.fn(), set: vi.fn(), clear: vi.fn(), read: async () => 'a2V5LWZvci10ZXN0cw==' } as never,
    demo: { demo: false, demoKey: '' },
    settings: () => defaultSettings(),
    events,
    logger,
    post: () => true,
    window,
    focus,
    clipboard: { writeText: (t) => void copied.push(t) },
    continueInMain: async (e) => void continued.push(e),
    now: () => now,
    ...extra,
  });
  return { svc, sessions, order, focus, copied, continued, emitted, advance: (ms: number) => (now += ms), session: () => sessions[0] as FakeSession };
}

describe('QuickAskService', () => {
  it('records the focused app before showing, and gives focus back after hiding', async () => {
    const t = setup();
    await t.svc.open();
    expect(t.order).toEqual(['capture', 'show']);
    expect(t.emitted).toContain('quick.opened');
    await t.svc.hide('draft');
    expect(t.order).toEqual(['capture', 'show', 'hide', 'restore']);
    expect(t.focus.restore).toHaveBeenCalledWith({ windowId: 77 });
    // A second open while visible does not re-capture (the launcher itself has focus then).
    await t.svc.open();
    await t.svc.open();
    expect(t.focus.capture).toHaveBeenCalledTimes(2);
  });

  it('asks in its own session, text only unless spoken; a hide during the answer cancels it', async () => {
    const t = setup();
    await t.svc.open();
    const r = await t.svc.ask('hello', false);
    expect(r).toEqual({ answer: 'Hello from the fake session.', status: 'completed' });
    expect(t.session().calls.find((c) => c.method === 'sendText')?.args).toEqual(['hello', { textOnly: true }]);
    expect(t.svc.state().entries.map((e) => e.kind === 'message' && e.role)).toEqual(['user', 'assistant']);
    await t.svc.ask('say it', true);
    expect(t.session().calls.filter((c) => c.method === 'updateOptions').at(-1)?.args).toEqual([{ outputModalities: ['audio', 'text'] }]);

    t.session().emit('phase', 'thinking');
    await t.svc.hide();
    expect(t.session().callNames()).toContain('interrupt');
  });

  it('keeps the draft and exchange over a short hide, forgets both after the keep time', async () => {
    const t = setup({ keepMs: 60_000 });
    await t.svc.open();
    await t.svc.ask('first', false);
    await t.svc.hide('unfinished');
    t.advance(30_000);
    await t.svc.open();
    expect(t.svc.state()).toMatchObject({ draft: 'unfinished', visible: true });
    expect(t.svc.state().entries).toHaveLength(2);
    await t.svc.hide('unfinished');
    t.advance(61_000);
    await t.svc.open();
    await vi.waitFor(() => expect(t.svc.state().entries).toHaveLength(0));
    expect(t.svc.state().draft).toBe('');
    expect(t.session().callNames()).toContain('close'); // a fresh conversation next time
  });

  it('Insert types plain text into the app that had focus; without an inserter it copies and says so', async () => {
    const inserter: TextInserter = {
      captureTarget: vi.fn(async () => ({ windowId: '77', windowClass: 'gedit' })),
      insert: vi.fn(async () => ({ kind: 'inserted' as const, chord: 'ctrl+v', restored: true })),
    };
    const t = setup({ inserter });
    await t.svc.open();
    const r = await t.svc.insert('**Use** `npm ci`.');
    expect(r).toEqual({ outcome: 'inserted', message: 'Inserted.' });
    expect(inserter.insert).toHaveBeenCalledWith('Use npm ci.', { windowId: '77', windowClass: 'gedit' }, { mode: 'insert' });
    expect(t.order.slice(-2)).toEqual(['hide', 'restore']); // focus went back before the paste

    const plain = setup();
    await plain.svc.open();
    expect(await plain.svc.insert('# Title')).toMatchObject({ outcome: 'copied' });
    expect(plain.copied).toEqual(['Title']);
  });

  it('Continue hands the finished entries over, then starts afresh; recent questions are kept, newest first', async () => {
    const t = setup();
    await t.svc.open();
    await expect(t.svc.continueInMain()).rejects.toThrow(/nothing to continue/);
    await t.svc.ask('one', false);
    await t.svc.ask('two', false);
    await t.svc.ask('one', false);
    const ids = t.svc.state().entries.map((e) => e.id);
    await t.svc.continueInMain();
    expect((t.continued[0] as Array<{ id: string }>).map((e) => e.id)).toEqual(ids);
    expect(t.svc.state().entries).toEqual([]);
    expect(t.svc.recentQueries()).toEqual(['one', 'two']);
  });

  it('context: reads through the port, or says why it cannot', async () => {
    const t = setup({ context: { supports: ['clipboard'], read: async () => ({ ok: true, text: 'x', truncated: false }) } });
    expect(await t.svc.readContext('clipboard')).toEqual({ text: 'x', truncated: false });
    expect((await t.svc.readContext('selection')).reason).toMatch(/use the clipboard instead/);
  });
});
