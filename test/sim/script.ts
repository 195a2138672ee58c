// Deterministic "model": decides what a response contains from the scenario, the switches and the
// conversation so far. No language understanding on purpose — tests need to predict every word.

import type { Conversation } from './conversation.js';
import type { Json } from './session-config.js';
import type { Switches } from './switches.js';
import { demoFollowUp, planDemo } from './demo-intents.js';

export type PlannedOutput = { kind: 'message'; text: string } | { kind: 'function_call'; name: string; arguments: string };

export const LONG_REPLY =
  'Here is a deliberately long answer, so that there is time to interrupt it. ' +
  'The simulator speaks several sentences in a row. Each one adds a few more seconds of audio. ' +
  'If you can still hear this, nobody has barged in yet. This is the last sentence of the long reply.';

export interface PlanContext {
  conversation: Conversation;
  switches: Switches;
  tools: { name: string }[];
  toolChoice: Json;
  /** Transcripts the simulator assigned to committed audio items, by item id. */
  transcripts: ReadonlyMap<string, string>;
}

function textOfUserItem(ctx: PlanContext, id: string): string | null {
  const state = ctx.conversation.get(id);
  if (!state || state.item.type !== 'message' || state.item.role !== 'user') return null;
  const scripted = ctx.transcripts.get(id);
  if (scripted !== undefined) return scripted;
  const parts = (state.item.content as { type: string; text?: string; transcript?: string | null }[]) ?? [];
  return parts.map((p) => p.text ?? p.transcript ?? '').join(' ').trim();
}

export function planResponse(ctx: PlanContext): PlannedOutput[] {
  const { switches: sw } = ctx;
  if (sw.scenario === 'silent') return [];
  const ids = ctx.conversation.ids();
  // Tool outputs at the end of the conversation: speak them back (the follow-up of §6.5).
  const outputs: string[] = [];
  let firstOutput = ids.length;
  for (let i = ids.length - 1; i >= 0; i--) {
    const it = ctx.conversation.get(ids[i] as string)?.item;
    if (it?.type !== 'function_call_output') break;
    outputs.unshift(it.output as string);
    firstOutput = i;
  }
  if (outputs.length > 0 && sw.scenario === 'demo' && sw.reply === null) {
    const calledName = (callId: string) =>
      ids.map((id) => ctx.conversation.get(id)?.item).find((it) => it?.type === 'function_call' && it.call_id === callId)?.name as string | undefined;
    const spoken = ids.slice(firstOutput).map((id) => {
      const it = ctx.conversation.get(id)!.item;
      return demoFollowUp(calledName(it.call_id as string), it.output as string);
    });
    return [{ kind: 'message', text: spoken.join(' ') }];
  }
  if (outputs.length > 0) return [{ kind: 'message', text: sw.reply ?? `The tool returned: ${outputs.join('; ')}.` }];

  let userText = '';
  for (let i = ids.length - 1; i >= 0; i--) {
    const t = textOfUserItem(ctx, ids[i] as string);
    if (t !== null) {
      userText = t;
      break;
    }
  }
  const forced = typeof ctx.toolChoice === 'object' && ctx.toolChoice !== null ? (ctx.toolChoice as { name?: string }).name : undefined;
  const wantsTool = sw.scenario === 'tool-call' || ctx.toolChoice === 'required' || forced !== undefined;
  const toolName = sw.tool ?? forced ?? ctx.tools[0]?.name;
  if (wantsTool && ctx.toolChoice !== 'none' && toolName !== undefined) {
    return [{ kind: 'function_call', name: toolName, arguments: sw.args ?? (sw.emptyArgs ? '' : '{}') }];
  }
  if (sw.reply !== null) return [{ kind: 'message', text: sw.reply }];
  if (sw.scenario === 'long') return [{ kind: 'message', text: LONG_REPLY }];
  if (sw.scenario === 'demo') return ctx.toolChoice === 'none' ? planDemo(userText, []) : planDemo(userText, ctx.tools);
  return [{ kind: 'message', text: userText ? `You said: "${userText}".` : 'I did not catch that.' }];
}

/** Splits text into word-sized deltas that concatenate back to exactly `text`. */
export function wordDeltas(text: string): string[] {
  return text.match(/\S+\s*/g) ?? (text ? [text] : []);
}

/** Input-transcription deltas in the requested style (§5.3); applying them yields `text`. */
export function transcriptionDeltas(text: string, style: Switches['transcriptionDeltas']): string[] {
  const words = wordDeltas(text);
  switch (style) {
    case 'none':
      return [];
    case 'additive':
      return words;
    case 'rolling':
      return words.map((_, i) => words.slice(0, i + 1).join(''));
    case 'backspace': {
      // A provisional misrecognition of the last letter of the first half, then a \b correction.
      const k = Math.max(1, Math.floor(text.length / 2));
      const head = text.slice(0, k);
      const wrong = head.slice(0, -1) + (head.endsWith('x') ? 'y' : 'x');
      return [wrong, `\b${text.slice(k - 1)}`];
    }
  }
}
