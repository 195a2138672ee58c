// The `demo` scenario: enough of an assistant for `npm run demo` and `npm run host` to show the
// product without a key. It recognises a few intents by keyword and answers with one of the
// session's tools where one fits (so the app shows its approval, tool card and spoken answer), then
// speaks about the tool's output. Still deterministic: the same words give the same plan.

import type { PlannedOutput } from './script.js';

type Plan = PlannedOutput[];

const has = (tools: readonly { name: string }[], name: string) => tools.some((t) => t.name === name);
const say = (text: string): Plan => [{ kind: 'message', text }];
const call = (name: string, args: Record<string, string>): Plan => [{ kind: 'function_call', name, arguments: JSON.stringify(args) }];

const INTRO =
  'This is the demo: a local simulator stands in for the model, so I understand only a few things. ' +
  'Ask me what time it is, tell me to take a note, or ask what is on your clipboard; I use the app\'s tools for those, ' +
  'and the ones that change something ask you first. Ask for a story to try interrupting me.';

/** Long enough to interrupt by pressing the talk key (or, hands-free, by talking). */
export const DEMO_STORY =
  'Here is a story, long enough for you to interrupt it. Once upon a time a desk lamp wanted to talk. ' +
  'It listened all day to the keyboard, the mouse and the coffee cup, and learned a word from each of them. ' +
  'By evening it could say hello, goodbye and more coffee please. Press the talk key now and I stop at once, ' +
  'and the model remembers only the part you heard. If you are still listening, that is the end of the story.';

/** What the note is: the words after "note", "remember" or "write down". */
function noteText(text: string): string {
  const m = /\b(?:take a note|make a note|note down|note|remember|write down)\b(?:\s+(?:that|to))?[\s:,-]*(.*)$/i.exec(text);
  return (m?.[1] ?? '').replace(/[.!?]+$/, '').trim();
}

export function planDemo(userText: string, tools: readonly { name: string }[]): Plan {
  const text = userText.trim();
  if (!text) return say('I did not catch that. Try asking what time it is.');
  if (/\bwhat can you do\b|\bhelp\b|\bwho are you\b|\bwhat are you\b/i.test(text)) {
    const list = tools.map((t) => t.name).join(', ');
    return say(list ? `${INTRO} The tools I can use here: ${list}.` : INTRO);
  }
  if (/\b(story|long answer|talk for a while)\b/i.test(text)) return say(DEMO_STORY);
  if (/\b(time|date|day is it|today)\b/i.test(text)) {
    return has(tools, 'get_datetime') ? call('get_datetime', {}) : say('I have no clock tool in this session, so I cannot tell the time.');
  }
  if (/\bclipboard\b/i.test(text)) {
    return has(tools, 'clipboard_read') ? call('clipboard_read', {}) : say('I cannot read the clipboard in this session.');
  }
  if (/\b(note|remember|write down)\b/i.test(text)) {
    const note = noteText(text);
    if (!note) return say('What should the note say? Try: take a note, buy milk.');
    return has(tools, 'notes_append') ? call('notes_append', { text: note }) : say('I cannot save notes in this session.');
  }
  return say(`I heard "${text}", but in this demo I only understand a few things. ${INTRO}`);
}

/** The spoken follow-up once the app sent a tool's output (§6.5). */
export function demoFollowUp(name: string | undefined, output: string): string {
  let v: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(output) as unknown;
    if (parsed && typeof parsed === 'object') v = parsed as Record<string, unknown>;
  } catch {
    // not JSON: spoken generically below
  }
  if (typeof v.error === 'string') return `That did not work: ${v.error}`;
  switch (name) {
    case 'get_datetime':
      return typeof v.local === 'string' ? `It is ${v.local}.` : 'I could not read the clock.';
    case 'clipboard_read': {
      const t = typeof v.text === 'string' ? v.text.trim() : '';
      if (!t) return 'Your clipboard is empty.';
      return `Your clipboard says: "${t.length > 200 ? `${t.slice(0, 200)}…` : t}".`;
    }
    case 'notes_append':
      return v.saved === true ? 'Done, I saved that note.' : 'The note was not saved.';
    default:
      return `The tool returned: ${output}.`;
  }
}
