/**
 * What crosses IPC for the conversation: a streamed answer costs its length once, not once per
 * delta, and the window always ends with the exact text main has.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationEntry } from '../../../../src/shared/conversation';
import { EntryStream, type EntryDelta } from '../../../../src/main/services/session/entry-stream';

type Message = Extract<ConversationEntry, { kind: 'message' }>;
const msg = (id: string, text: string, extra: Partial<Message> = {}): Message => ({
  kind: 'message', id, role: 'assistant', text, final: false, createdAt: 1, ...extra,
});

/** A receiver that applies what it is sent, as the renderer's store does. */
function receiver() {
  const sent: Array<{ whole?: ConversationEntry; delta?: EntryDelta }> = [];
  const view = new Map<string, ConversationEntry>();
  const stream = new EntryStream({
    entry: (e) => {
      sent.push({ whole: e });
      view.set(e.id, e);
    },
    delta: (d) => {
      sent.push({ delta: d });
      const e = view.get(d.id);
      if (e?.kind === 'message') view.set(d.id, { ...e, text: e.text + d.append });
    },
  });
  const textOf = (id: string) => (view.get(id) as Message | undefined)?.text;
  const charsSent = () => sent.reduce((n, s) => n + (s.delta ? s.delta.append.length : JSON.stringify(s.whole).length), 0);
  return { stream, sent, textOf, charsSent };
}

describe('EntryStream', () => {
  it('sends a streaming answer whole once, then only what each delta added, then whole when final', () => {
    const r = receiver();
    r.stream.push(msg('a', 'Hel'));
    r.stream.push(msg('a', 'Hello'));
    r.stream.push(msg('a', 'Hello there'));
    r.stream.push(msg('a', 'Hello there.', { final: true }));
    expect(r.sent.map((s) => (s.delta ? `+${s.delta.append}` : `=${(s.whole as Message).text}`))).toEqual(['=Hel', '+lo', '+ there', '=Hello there.']);
    expect(r.textOf('a')).toBe('Hello there.');
  });

  it('a 2,000-delta answer costs about its length on the wire, not its length squared', () => {
    const r = receiver();
    let text = '';
    for (let i = 0; i < 2000; i++) {
      text += `word${i} `;
      r.stream.push(msg('long', text));
    }
    expect(r.textOf('long')).toBe(text);
    // Whole upserts would send ~2000 × text/2 ≈ 16 M chars; appends send the text about once.
    expect(r.charsSent()).toBeLessThan(text.length * 2);
  });

  it('any change other than the text growing goes whole (rewritten text, interruption, other fields)', () => {
    const r = receiver();
    r.stream.push(msg('a', 'I think so'));
    r.stream.push(msg('a', 'I thought so'));
    r.stream.push(msg('a', 'I thought so, yes', { interrupted: true, heardMs: 800 }));
    expect(r.sent.every((s) => s.whole)).toBe(true);
    expect(r.sent).toHaveLength(3);
    expect(r.textOf('a')).toBe('I thought so, yes');
  });

  it('keeps interleaved streams apart and tools whole', () => {
    const r = receiver();
    r.stream.push(msg('user', 'What', { role: 'user' }));
    r.stream.push(msg('bot', 'It'));
    r.stream.push(msg('user', 'What time', { role: 'user' }));
    r.stream.push({ kind: 'tool', id: 't', callId: 'c', name: 'clock', argumentsJson: '{}', status: 'running', createdAt: 2 });
    r.stream.push(msg('bot', 'It is'));
    expect(r.textOf('user')).toBe('What time');
    expect(r.textOf('bot')).toBe('It is');
    expect(r.sent.filter((s) => s.delta).map((s) => s.delta!.id)).toEqual(['user', 'bot']);
  });

  it('after a reset (new conversation) the same id is sent whole again', () => {
    const r = receiver();
    r.stream.push(msg('a', 'one'));
    r.stream.reset();
    r.stream.push(msg('a', 'one two'));
    expect(r.sent.map((s) => !!s.whole)).toEqual([true, true]);
  });

  it('forgets the least recently streamed entry beyond its bound, which is then sent whole', () => {
    const r = receiver();
    for (let i = 0; i < 40; i++) r.stream.push(msg(`m${i}`, 'x'));
    r.sent.length = 0;
    r.stream.push(msg('m0', 'xy'));
    r.stream.push(msg('m39', 'xy'));
    expect(r.sent.map((s) => (s.delta ? 'delta' : 'whole'))).toEqual(['whole', 'delta']);
  });
});
