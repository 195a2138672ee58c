import { describe, expect, it } from 'vitest';
import { AppStore } from '../../../src/renderer/src/state/app-store';
import { fakeTransport } from '../support/fake-bridge';

const msg = (id: string, text: string, final = false) => ({ kind: 'message' as const, id, role: 'user' as const, text, final, createdAt: 1 });

describe('AppStore', () => {
  it('rewrites a streaming entry in place and keeps the order', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    t.fire('conversation.entry', msg('a', 'Wha'));
    t.fire('conversation.entry', msg('b', 'Hi'));
    t.fire('conversation.entry', msg('a', 'What time', true));
    expect(store.getSnapshot().entries.map((e) => [e.id, e.kind === 'message' && e.text])).toEqual([
      ['a', 'What time'],
      ['b', 'Hi'],
    ]);
    t.fire('conversation.cleared', {});
    expect(store.getSnapshot().entries).toEqual([]);
  });

  it('appends streamed text to the message it belongs to, and ignores deltas for messages it lacks or that are final', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    t.fire('conversation.entry', msg('a', 'It is'));
    t.fire('conversation.entry', msg('b', 'Other', true));
    t.fire('conversation.delta', { id: 'a', append: ' ten' });
    t.fire('conversation.delta', { id: 'a', append: ' past two.' });
    t.fire('conversation.delta', { id: 'missing', append: 'x' });
    t.fire('conversation.delta', { id: 'b', append: 'x' });
    expect(store.getSnapshot().entries.map((e) => e.kind === 'message' && e.text)).toEqual(['It is ten past two.', 'Other']);
  });

  it('keeps entries that stream in while the initial list loads', async () => {
    let release: (v: unknown) => void = () => undefined;
    const t = fakeTransport({ 'conversation.list': () => new Promise((r) => (release = r)) });
    const store = new AppStore(t.api);
    const loading = store.init();
    await Promise.resolve();
    t.fire('conversation.entry', msg('new', 'live'));
    release([msg('old', 'history', true)]);
    await loading;
    expect(store.getSnapshot().entries.map((e) => e.id)).toEqual(['old', 'new']);
  });

  it('sends only the changed settings and adopts what main stored', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    await store.updateSettings({ voice: 'Ashley', audio: { tailMs: 200 } });
    const sent = t.calls.find((c) => c.name === 'settings.update')!.input;
    expect(sent).toEqual({ voice: 'Ashley', audio: { tailMs: 200 } });
  });

  it('shows privileged changes as waiting for confirmation until main says the dialog was answered', async () => {
    const t = fakeTransport();
    const store = new AppStore(t.api);
    await store.init();
    t.fire('settings.pending', { pending: [{ id: 'p1', changes: ['Let tools read and write in the folder /'] }] });
    expect(store.getSnapshot().pendingChanges).toEqual([{ id: 'p1', changes: ['Let tools read and write in the folder /'] }]);
    t.fire('settings.pending', { pending: [] });
    expect(store.getSnapshot().pendingChanges).toEqual([]);
  });

  it('tracks approval requests until resolved, and turns a failed call into a notice', async () => {
    const t = fakeTransport({ 'session.sendText': () => Promise.reject(new Error('offline')) });
    const store = new AppStore(t.api);
    await store.init();
    const req = { requestId: 'r1', callId: 'c1', tool: 't', argumentsJson: '{}', risk: 'write', summary: 's', expiresAt: 0 };
    t.fire('approval.request', req);
    expect(store.getSnapshot().approvals).toEqual([req]);
    t.fire('approval.resolved', { requestId: 'r1', decision: 'allow' });
    expect(store.getSnapshot().approvals).toEqual([]);
    expect(await store.run('Sending', () => t.api.session.sendText({ text: 'x' }))).toBeUndefined();
    expect(store.getSnapshot().notices.at(-1)).toMatchObject({ level: 'error', message: 'Sending failed: offline' });
  });
});
